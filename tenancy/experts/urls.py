from django.urls import path

from . import views

urlpatterns = [
    path("experts/add/", views.expert_add, name="expert-add"),
    path("experts/me/", views.expert_me, name="expert-me"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert-edit"),
    path("experts/<int:pk>/invite/", views.expert_invite, name="expert-invite"),
    path("experts/<int:pk>/deactivate/", views.expert_set_active, {"active": False}, name="expert-deactivate"),
    path("experts/<int:pk>/reactivate/", views.expert_set_active, {"active": True}, name="expert-reactivate"),
]
