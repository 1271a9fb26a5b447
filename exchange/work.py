"""What the exchange app adds to the work queues (tenancy.work)."""

from tenancy.registry import registry

QUEUES = ()


# Collaborations between clusters (exchange/links): those another body proposed to one of the body's clusters.
def links_to_confirm(request, viewer, limit):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from exchange.links.selectors import links_to_confirm as waiting
    from tenancy.work import item, work_list

    def to_item(link):
        title = _("%(source)s (%(source_cluster)s) → %(target)s") % {
            "source": link.source.name,
            "source_cluster": link.source_cluster.display_name,
            "target": link.target.name,
        }
        return item(title, reverse("cluster-link-detail", args=[link.pk]))

    return work_list(waiting(organisation_id=viewer.organisation_id), limit=limit, to_item=to_item)


def _links_queue():
    from django.utils.translation import gettext_lazy

    from tenancy.visibility import Viewer
    from tenancy.work import WorkQueue, link, may

    return WorkQueue(
        app="exchange",
        key="collaborations-to-confirm",
        label=gettext_lazy("Collaborations to confirm"),
        kinds={Viewer.CLUSTER_BODY},
        items=links_to_confirm,
        url=link("cluster-link-list", "?status=pending&direction=to"),
        predicate=may("exchange.add_clusterlink"),
        order=150,
    )


QUEUES += (_links_queue(),)


def register():
    registry.register_work(*QUEUES)
