"""What the monitoring app adds to the work queues (tenancy.work): the ministry's warned clusters without a
decision and rectification notes to read; the early warnings of a local government's or a promotion body's
clusters, which they answer with a rectification note."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tenancy.registry import registry
from tenancy.visibility import Viewer
from tenancy.work import WorkQueue, item, link, may, work_list


def results_to_decide(request, viewer, limit):
    from monitoring.adjustment.selectors import results_to_decide as to_decide

    def to_item(result):
        title = _("%(cluster)s · %(year)s: recommended “%(recommendation)s”") % {
            "cluster": result.cluster.display_name,
            "year": result.evaluation.year,
            "recommendation": result.get_recommendation_display(),
        }
        return item(title, reverse("adjustment-decide", args=[result.pk]))

    return work_list(to_decide(), limit=limit, to_item=to_item)


def rectifications_to_read(request, viewer, limit):
    from monitoring.adjustment.selectors import rectifications_since_evaluation

    def to_item(note):
        title = _("%(cluster)s: note of %(organisation)s, %(date)s") % {
            "cluster": note.cluster.display_name,
            "organisation": note.organisation.display_name,
            "date": timezone.localtime(note.created).strftime("%Y-%m-%d"),
        }
        return item(title, reverse("rectification-list", args=[note.cluster_id]))

    return work_list(rectifications_since_evaluation(), limit=limit, to_item=to_item)


def early_warnings(request, viewer, limit):
    from monitoring.adjustment.selectors import warned_results

    def to_item(result):
        title = _("%(cluster)s · %(year)s: %(count)s early warnings") % {
            "cluster": result.cluster.display_name,
            "year": result.evaluation.year,
            "count": result.warning_count,
        }
        return item(title, reverse("rectification-list", args=[result.cluster_id]))

    return work_list(warned_results(), limit=limit, to_item=to_item)


QUEUES = (
    WorkQueue(
        app="monitoring",
        key="results-to-decide",
        label=_lazy("Warned clusters without a decision"),
        kinds={Viewer.NATIONAL},
        items=results_to_decide,
        url=link("monitoring-dashboard"),
        predicate=may("monitoring.decide_adjustment"),
        order=300,
    ),
    WorkQueue(
        app="monitoring",
        key="rectifications-to-read",
        label=_lazy("Rectification notes to read"),
        kinds={Viewer.NATIONAL},
        items=rectifications_to_read,
        url=link("monitoring-dashboard"),
        predicate=may("monitoring.view_monitoring_dashboard"),
        order=310,
    ),
    WorkQueue(
        app="monitoring",
        key="early-warnings",
        label=_lazy("Early warnings"),
        kinds={Viewer.LOCAL, Viewer.CLUSTER_BODY},
        items=early_warnings,
        url=link("monitoring-evaluation-list"),
        predicate=may("monitoring.add_rectification"),
        order=150,
    ),
)


def register():
    registry.register_work(*QUEUES)
