"""Writes of the annual monitoring evaluation: method versions and evaluations (recorded, then queued).

A method is never edited: the ministry creates a new version (validated in full: the five dimensions, weights that
sum to 100, known indicator codes, grade bands, every rule's thresholds) and it becomes the current one. An
evaluation records the version it used, and is recorded (queued) before its Celery task is queued after commit.
"""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clusters.models import Cluster, Indicator
from monitoring.evaluation.completeness import Completeness, completeness
from monitoring.evaluation.grading import clusters_of_year
from monitoring.evaluation.method import DEFAULT_CONFIG, validate_config
from monitoring.models import MonitoringEvaluation, MonitoringMethod
from tenancy.tasks import enqueue

FIRST_YEAR = 2000
DEFAULT_TIERS = [Cluster.Tier.NATIONAL, Cluster.Tier.WORLD_CLASS]


def method_current() -> MonitoringMethod:
    """The current method; on first use, version 1 with the default configuration (method.DEFAULT_CONFIG)."""
    method = MonitoringMethod.objects.filter(is_current=True).order_by("-version").first()
    if method is not None:
        return method
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):  # stored text: the platform's language
        method, _created = MonitoringMethod.objects.get_or_create(
            version=1,
            defaults={
                "name": _("Default monitoring method"),
                "description": _(
                    "Five dimensions weighted 25/20/20/20/15; indicators on fixed ranges or year-on-year growth; "
                    "grades A ≥ 85, B ≥ 70, C ≥ 60, D below."
                ),
                "config": copy.deepcopy(DEFAULT_CONFIG),
                "is_current": True,
            },
        )
        if not MonitoringMethod.objects.filter(is_current=True).exists():
            MonitoringMethod.objects.filter(pk=method.pk).update(is_current=True)
            method.is_current = True
    return method


def method_create(*, name: str, config, by, description: str = "") -> MonitoringMethod:
    """A new version of the method, which becomes the current one. Bad input raises a field-level
    ValidationError and changes nothing."""
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("Give the version a name.")]
    problems = validate_config(config, indicator_codes=set(Indicator.objects.values_list("code", flat=True)))
    if problems:
        errors["config"] = problems
    if errors:
        raise ValidationError(errors)
    method_current()  # version 1 exists before version 2
    with transaction.atomic():
        list(MonitoringMethod.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        version = (MonitoringMethod.objects.aggregate(top=Max("version"))["top"] or 0) + 1
        MonitoringMethod.objects.filter(is_current=True).update(is_current=False)
        method = MonitoringMethod(
            version=version, name=name.strip(), description=description, config=config, is_current=True, created_by=by
        )
        method._change_reason = "new version"
        method.save()
    return method


def _clean_tiers(tiers):
    if not tiers:
        return list(DEFAULT_TIERS)
    valid = set(Cluster.Tier.values)
    unknown = [tier for tier in tiers if tier not in valid]
    if unknown:
        raise ValidationError({"tiers": [_("Unknown tier: %s.") % ", ".join(map(str, unknown))]})
    return [tier for tier in Cluster.Tier.values if tier in set(tiers)]


def evaluation_completeness(*, year, method=None, tiers=None) -> Completeness:
    """The completeness panel of an evaluation about to start (the clusters of `tiers`, the method's inputs)."""
    method = method or method_current()
    return completeness(year=year, config=method.config, clusters=clusters_of_year(year, _clean_tiers(tiers)))


def evaluation_start(
    *,
    year,
    by,
    method=None,
    tiers=None,
    trigger=MonitoringEvaluation.Trigger.ON_DEMAND,
    completeness_reason="",
):
    """Record a monitoring evaluation of `year` (queued) and queue its task once the transaction commits.

    Below the completeness threshold (settings.MONITORING_COMPLETENESS_THRESHOLD) an evaluation started on demand
    needs the ministry's reason (a field error without one); the evaluation keeps the completeness figures and the
    reason. The scheduled run starts anyway and keeps the figures without a reason."""
    from monitoring.evaluation.tasks import monitoring_evaluate

    this_year = timezone.localdate().year
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": [_("Give the year to evaluate.")]}) from None
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            {"year": [_("The year must be between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": this_year}]}
        )
    tiers = _clean_tiers(tiers)
    if trigger not in MonitoringEvaluation.Trigger.values:
        raise ValidationError({"trigger": [_("Unknown trigger.")]})
    method = method or method_current()
    panel = evaluation_completeness(year=year, method=method, tiers=tiers)
    reason = (completeness_reason or "").strip()
    if panel.below_threshold and trigger == MonitoringEvaluation.Trigger.ON_DEMAND and not reason:
        raise ValidationError(
            {
                "completeness_reason": [
                    _(
                        "Only %(share)s of the clusters' indicator values for %(year)d are verified (the threshold "
                        "is %(threshold)s). Say why the evaluation should run anyway."
                    )
                    % {"share": f"{panel.share:.0%}", "year": year, "threshold": f"{panel.threshold:.0%}"}
                ]
            }
        )
    with transaction.atomic():
        evaluation = MonitoringEvaluation.objects.create(
            year=year,
            method=method,
            tiers=tiers,
            trigger=trigger,
            created_by=by,
            completeness=panel.summary(),
            completeness_reason=reason if panel.below_threshold else "",
        )
        enqueue(monitoring_evaluate, evaluation.pk)
    return evaluation


def scheduled_evaluation_start(*, today=None):
    """The yearly run (beat, 1 March): evaluate the previous year once; a second call the same year does nothing."""
    year = (today or timezone.localdate()).year - 1
    existing = (
        MonitoringEvaluation.objects.filter(year=year, trigger=MonitoringEvaluation.Trigger.SCHEDULED)
        .exclude(status__in=[MonitoringEvaluation.Status.FAILED, MonitoringEvaluation.Status.ERRORED])
        .first()
    )
    if existing is not None:
        return existing
    return evaluation_start(year=year, by=None, trigger=MonitoringEvaluation.Trigger.SCHEDULED)
