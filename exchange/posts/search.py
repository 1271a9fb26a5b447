"""Partner posts in global search (tenancy.search): by title and description, among the posts the viewer may open
(the open posts of every cluster for an organisation, and its own in every state; nothing for experts and
visitors)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tenancy.search import register_search

from .models import Post


def register():
    register_search(
        kind="posts",
        label=_("Partner posts"),
        order=25,
        model=Post,
        fields=("title", "description"),
        rank=("title",),
        # Only what a hit shows and is ranked by: up to 200 rows are read for a broad query.
        queryset=lambda viewer: (
            Post.objects.select_related("cluster").only(
                "pk", "title", "direction", "kind", "status", "expires_on", "cluster__name", "cluster__name_en"
            )
            if viewer.organisation_id
            else None
        ),
        url=lambda post, viewer: reverse("post-detail", args=[post.pk]),
        title=str,
        context=lambda post: " · ".join([post.get_direction_display(), post.cluster.display_name]),
    )
