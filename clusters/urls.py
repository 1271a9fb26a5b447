from django.urls import path

from . import member_views, views

urlpatterns = [
    path("clusters/", views.cluster_list, name="cluster-list"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster-detail"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster-history"),
    # Members and collaborations
    path("clusters/<int:pk>/members/", member_views.member_list, name="cluster-member-list"),
    path("clusters/<int:pk>/members/add/", member_views.member_add, name="cluster-member-add"),
    path("clusters/<int:pk>/members/<int:member_pk>/", member_views.member_detail, name="cluster-member-detail"),
    path("clusters/<int:pk>/members/<int:member_pk>/edit/", member_views.member_edit, name="cluster-member-edit"),
    path("clusters/<int:pk>/members/<int:member_pk>/delete/", member_views.member_delete, name="cluster-member-delete"),
    path("clusters/<int:pk>/collaborations/", member_views.collaboration_list, name="cluster-collaboration-list"),
    path("clusters/<int:pk>/collaborations/add/", member_views.collaboration_add, name="cluster-collaboration-add"),
    path(
        "clusters/<int:pk>/collaborations/<int:collaboration_pk>/edit/",
        member_views.collaboration_edit,
        name="cluster-collaboration-edit",
    ),
    path(
        "clusters/<int:pk>/collaborations/<int:collaboration_pk>/delete/",
        member_views.collaboration_delete,
        name="cluster-collaboration-delete",
    ),
]
