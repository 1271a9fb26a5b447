from django.urls import path

from exchange.matching import views

urlpatterns = [
    path("matching/", views.matching_list, name="matching"),
    path("matching/matrix/", views.matching_matrix, name="matching-matrix"),
]
