"""What the clusters app adds to the work queues (tenancy.work): a local government's observations to verify and
clusters whose yearly data is late; a promotion body's yearly data due and its observations returned for changes.

The yearly data is the one the deadline reminders speak of (clusters/observations/reminders.py): national-level
and world-class clusters file last year's value of every indicator by 28 February."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tenancy.registry import registry
from tenancy.visibility import Viewer
from tenancy.work import EMPTY, WorkQueue, item, link, may, work_list


def _filing_year(now):
    """The year whose data is filed next, and the deadline it is filed by (28 February of the year after)."""
    from clusters.observations.reminders import filing_deadline

    deadline = filing_deadline(timezone.localtime(now).year)
    return deadline.year - 1, deadline


def _missing_data(limit, *, late_only):
    from clusters.observations.reminders import MONITORED_TIERS
    from clusters.observations.selectors import clusters_missing_data

    now = timezone.now()
    year, deadline = _filing_year(now)
    if late_only and now <= deadline:
        return EMPTY
    clusters = clusters_missing_data(year=year, tiers=MONITORED_TIERS)

    def to_item(cluster):
        title = _("%(cluster)s: %(missing)s of %(total)s indicators for %(year)s not filed") % {
            "cluster": cluster.display_name,
            "missing": cluster.total - cluster.filed,
            "total": cluster.total,
            "year": year,
        }
        return item(title, reverse("cluster-indicators", args=[cluster.pk]), deadline, now=now)

    return work_list(clusters, limit=limit, to_item=to_item)


def data_due(request, viewer, limit):
    return _missing_data(limit, late_only=False)


def data_late(request, viewer, limit):
    return _missing_data(limit, late_only=True)


def _observation_title(observation):
    return f"{observation.cluster.display_name} · {observation.indicator.display_name} {observation.year}"


def observations_to_verify(request, viewer, limit):
    from clusters.models import Observation
    from clusters.observations.selectors import review_queue

    def to_item(observation):
        url = reverse("observation-detail", args=[observation.cluster_id, observation.pk])
        return item(_observation_title(observation), url)

    return work_list(review_queue(status=Observation.Status.SUBMITTED), limit=limit, to_item=to_item)


def returned_observations(request, viewer, limit):
    from clusters.observations.selectors import returned_observations as returned

    def to_item(observation):
        url = reverse("observation-edit", args=[observation.cluster_id, observation.pk])
        return item(_observation_title(observation), url)

    return work_list(returned(organisation_id=viewer.organisation_id), limit=limit, to_item=to_item)


QUEUES = (
    WorkQueue(
        app="clusters",
        key="observations-to-verify",
        label=_lazy("Observations to verify"),
        kinds={Viewer.LOCAL},
        items=observations_to_verify,
        url=link("observation-queue"),
        predicate=may("clusters.verify_observations"),
        order=130,
    ),
    WorkQueue(
        app="clusters",
        key="data-late",
        label=_lazy("Yearly data late"),
        kinds={Viewer.LOCAL},
        items=data_late,
        url=link("cluster-list"),
        predicate=may("clusters.verify_observations"),
        order=140,
    ),
    WorkQueue(
        app="clusters",
        key="data-due",
        label=_lazy("Yearly data due"),
        kinds={Viewer.CLUSTER_BODY},
        items=data_due,
        url=link("cluster-list"),
        predicate=may("clusters.add_observation"),
        order=100,
    ),
    WorkQueue(
        app="clusters",
        key="returned-observations",
        label=_lazy("Returned observations"),
        kinds={Viewer.CLUSTER_BODY},
        items=returned_observations,
        url=link("cluster-list"),
        predicate=may("clusters.add_observation"),
        order=125,
    ),
)


def register():
    registry.register_work(*QUEUES)
