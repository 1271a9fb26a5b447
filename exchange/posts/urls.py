from django.urls import path, re_path

from exchange.posts import views

urlpatterns = [
    path("exchange/posts/", views.post_list, name="post-list"),
    path("exchange/posts/add/", views.post_add, name="post-add"),
    path("exchange/posts/following/", views.follow_list, name="follow-list"),
    re_path(
        r"^exchange/posts/clusters/(?P<cluster_pk>[0-9]+)/(?P<action>follow|unfollow)/$",
        views.cluster_follow,
        name="cluster-follow",
    ),
    path("exchange/posts/<int:pk>/", views.post_detail, name="post-detail"),
    path("exchange/posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("exchange/posts/<int:pk>/history/", views.post_history, name="post-history"),
    path("exchange/posts/<int:pk>/interest/", views.post_interest, name="post-interest"),
    re_path(r"^exchange/posts/(?P<pk>[0-9]+)/(?P<action>open|close|delete)/$", views.post_step, name="post-step"),
    path("exchange/interests/<int:pk>/contact/", views.interest_contact, name="interest-contact"),
    re_path(
        r"^exchange/interests/(?P<pk>[0-9]+)/(?P<action>accept|decline)/$",
        views.interest_answer,
        name="interest-answer",
    ),
]
