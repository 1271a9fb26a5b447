"""The partner post list as an export (tenancy/exports): the listed posts (the list's filters, search and sort,
every page). Like the page, it carries the cluster's and the publisher's names, never a contact."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchange.posts.tables import POST_SORTS
from exchange.posts.views import posts_shown, require_posts
from tenancy.exports.registry import register_export


def post_sheets(request):
    require_posts(request)
    posts, _filters, _mine = posts_shown(request)
    posts = POST_SORTS.read(request).apply(posts)
    rows = [
        [
            post.pk,
            str(post.get_direction_display()),
            str(post.get_kind_display()),
            post.title,
            post.description,
            post.cluster.name,
            post.cluster.promotion_body.name,
            post.cluster.field.display_name,
            post.category.display_name if post.category else "",
            post.region.display_name,
            str(post.state_label),
            timezone.localtime(post.opened_at).replace(tzinfo=None) if post.opened_at else None,
            post.expires_on,
        ]
        for post in posts
    ]
    headers = [
        _("ID"),
        _("Need or offer"),
        _("Kind"),
        _("Title"),
        _("Description"),
        _("Cluster"),
        _("Publisher"),
        _("Industry field"),
        _("Chain category"),
        _("Region"),
        _("Status"),
        _("Opened"),
        _("Expires on"),
    ]
    return [(_("Partner posts"), headers, rows)]


def register():
    register_export("exchange.posts", gettext_lazy("Partner posts"), post_sheets, check=require_posts)
