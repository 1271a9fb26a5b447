"""Pages of the notice part of the evaluations app: public notices and objections, the final result, the ministry's
notice and objection pages, and "My results"."""

from django.urls import path

from evaluations.notice import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice-list"),
    path("notices/add/", views.notice_add, name="notice-add"),
    path("notices/<int:pk>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice-edit"),
    path("notices/<int:pk>/publish/", views.notice_publish, name="notice-publish"),
    path("notices/<int:pk>/finalise/", views.notice_finalise, name="notice-finalise"),
    path("notices/<int:pk>/history/", views.notice_history, name="notice-history"),
    path("notices/<int:pk>/objection/", views.objection_lodge, name="objection-lodge"),
    path("notices/<int:pk>/result/", views.notice_result, name="notice-result"),
    path("objections/", views.objection_list, name="objection-list"),
    path("objections/<int:pk>/", views.objection_detail, name="objection-detail"),
    path("objections/<int:pk>/handle/", views.objection_handle, name="objection-handle"),
    path("objections/<int:pk>/history/", views.objection_history, name="objection-history"),
    path("my-results/", views.my_result_list, name="my-result-list"),
    path("my-results/<int:pk>/", views.my_result_detail, name="my-result-detail"),
]
