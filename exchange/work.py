"""What the exchange app adds to the work queues (tenancy.work): a promotion body's collaborations proposed by
another cluster's body, waiting for its confirmation, and new interest in its partner posts, awaiting its answer
(due by the post's expiry)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tenancy.registry import registry
from tenancy.visibility import Viewer
from tenancy.work import WorkQueue, item, link, may, work_list


def links_to_confirm(request, viewer, limit):
    """Collaborations another body proposed to a member of one of the viewer's clusters, still pending."""
    from exchange.links.selectors import links_to_confirm as waiting

    def to_item(cluster_link):
        title = _("%(source)s (%(source_cluster)s) → %(target)s") % {
            "source": cluster_link.source.name,
            "source_cluster": cluster_link.source_cluster.display_name,
            "target": cluster_link.target.name,
        }
        return item(title, reverse("cluster-link-detail", args=[cluster_link.pk]))

    return work_list(waiting(organisation_id=viewer.organisation_id), limit=limit, to_item=to_item)


def interests_awaiting(request, viewer, limit):
    """Interest other bodies expressed in the viewer's open posts, not yet answered."""
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
        key="collaborations-to-confirm",
        label=_lazy("Collaborations to confirm"),
        kinds={Viewer.CLUSTER_BODY},
        items=links_to_confirm,
        url=link("cluster-link-list", "?status=pending&direction=to"),
        predicate=may("exchange.add_clusterlink"),
        order=150,
    ),
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


def register():
    registry.register_work(*QUEUES)
