"""Reminder of the yearly observation filing deadline (tenancy/mail/reminders.py): a national-level (or
world-class) cluster files last year's value of every indicator of the catalogue by 28 February, before the
ministry's monitoring evaluation of 1 March. 7 days and 1 day before the deadline, the promotion body of each such
cluster with an indicator not filed (submitted or verified) is reminded, copied to the local governments whose
jurisdiction holds one of the cluster's regions."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, ClusterRegion, Indicator, Observation
from tenancy.mail.reminders import DueReminder, step_before
from tenancy.models import Organisation
from tenancy.notifications.services import register_kind
from tenancy.scoping import unscoped

FILED_BY_MONTH, FILED_BY_DAY = 2, 28  # the deadline: the end of 28 February
MONITORED_TIERS = (Cluster.Tier.NATIONAL, Cluster.Tier.WORLD_CLASS)

KINDS = {
    "reminders.observations_missing": (
        _("Reminder: yearly observations not filed"),
        _(
            "%(cluster)s has not filed %(missing)s of the %(total)s indicators for %(year)s; the filing deadline is "
            "%(deadline)s (28 February). File and submit them on the cluster's indicators page."
        ),
    ),
}


def register():
    for kind, (label, template) in KINDS.items():
        register_kind(kind, template, label=label)


def filing_deadline(year: int):
    """The end of 28 February of `year`, in the product's time zone."""
    last_day = datetime(year, FILED_BY_MONTH, FILED_BY_DAY, 23, 59, 59)
    return timezone.make_aware(last_day, timezone.get_default_timezone())


def _governments(region_codes, governments):
    return [pk for pk, prefix in governments if any(code.startswith(prefix) for code in region_codes)]


def due_observation_reminders(now):
    deadline = filing_deadline(timezone.localtime(now).year)
    step = step_before(deadline, now)
    if step is None:
        return
    year = deadline.year - 1
    total = unscoped(Indicator).count()
    if not total:
        return
    filed = dict(_filed_counts(year))
    clusters = unscoped(Cluster).filter(tier__in=MONITORED_TIERS, promotion_body__isnull=False).order_by("pk")
    regions = {}
    for cluster_id, code in unscoped(ClusterRegion).filter(cluster__in=clusters).values_list("cluster_id", "region_id"):
        regions.setdefault(cluster_id, []).append(code)
    governments = [
        (organisation.pk, organisation.region.jurisdiction_prefix)
        for organisation in unscoped(Organisation)
        .filter(kind=Organisation.Kind.LOCAL, is_active=True)
        .select_related("region")
    ]
    for cluster in clusters:
        missing = total - filed.get(cluster.pk, 0)
        if missing <= 0:
            continue
        yield DueReminder(
            subject_type="observations",
            subject_id=year,
            step=f"filing-{step}:{cluster.pk}",
            kind="reminders.observations_missing",
            deadline=deadline,
            link=reverse("cluster-indicators", args=[cluster.pk]),
            params={
                "cluster": cluster.name,
                "cluster_en": cluster.name_en,
                "missing": missing,
                "total": total,
                "year": year,
                "deadline": deadline.date().isoformat(),
            },
            organisations=(cluster.promotion_body_id, *_governments(regions.get(cluster.pk, []), governments)),
        )


def _filed_counts(year):
    from django.db.models import Count

    return (
        unscoped(Observation)
        .filter(year=year, status__in=Observation.FILED)
        .values("cluster_id")
        .annotate(indicators=Count("indicator_id", distinct=True))
        .values_list("cluster_id", "indicators")
    )
