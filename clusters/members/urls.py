from django.urls import path

from clusters.members import views

urlpatterns = [
    path("clusters/<int:pk>/members/", views.member_list, name="cluster-member-list"),
    path("clusters/<int:pk>/members/suggest/", views.member_suggest, name="cluster-member-suggest"),
    path("clusters/<int:pk>/members/add/", views.member_add, name="cluster-member-add"),
    path("clusters/<int:pk>/members/<int:member_pk>/", views.member_detail, name="cluster-member-detail"),
    path("clusters/<int:pk>/members/<int:member_pk>/edit/", views.member_edit, name="cluster-member-edit"),
    path("clusters/<int:pk>/members/<int:member_pk>/delete/", views.member_delete, name="cluster-member-delete"),
    path("clusters/<int:pk>/collaborations/", views.collaboration_list, name="cluster-collaboration-list"),
    path("clusters/<int:pk>/collaborations/add/", views.collaboration_add, name="cluster-collaboration-add"),
    path(
        "clusters/<int:pk>/collaborations/<int:collaboration_pk>/edit/",
        views.collaboration_edit,
        name="cluster-collaboration-edit",
    ),
    path(
        "clusters/<int:pk>/collaborations/<int:collaboration_pk>/delete/",
        views.collaboration_delete,
        name="cluster-collaboration-delete",
    ),
]
