"""What the exchange app adds to the work queues (tenancy.work): a promotion body's collaborations proposed by
another cluster's body, waiting for its confirmation."""

from django.urls import reverse
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
)


def register():
    registry.register_work(*QUEUES)
