"""Partner posts' work queue (tenancy.work): a promotion body's new interests in its open posts, awaiting its
answer, each linking to the post, due by the post's expiry."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tenancy.visibility import Viewer
from tenancy.work import WorkQueue, item, link, may, work_list


def interests_awaiting(request, viewer, limit):
    from exchange.posts.selectors import interests_awaiting as awaiting

    now = timezone.now()

    def to_item(interest):
        title = _("%(organisation)s is interested in “%(post)s”") % {
            "organisation": interest.organisation.display_name,
            "post": interest.post.title,
        }
        return item(title, reverse("post-detail", args=[interest.post_id]), interest.post.expires_on, now=now)

    return work_list(awaiting(viewer), limit=limit, to_item=to_item)


QUEUES = (
    WorkQueue(
        app="exchange",
        key="post-interests",
        label=_lazy("Interest in your partner posts"),
        kinds={Viewer.CLUSTER_BODY},
        items=interests_awaiting,
        url=link("post-list", "?mine=1"),
        predicate=may("exchange.add_post"),
        order=300,
    ),
)
