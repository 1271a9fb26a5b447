"""Writes of dynamic adjustment: the ministry's keep / warn / drop decision on a cluster's monitoring result (a
drop lowers the cluster's tier through the clusters app, so the tier's history records it), and the rectification
notes with which a promotion body or a supervising local government answers.

Tiers on a drop: by default one step down (world-class → national → provincial → cultivating); the ministry may
pick any lower tier instead (e.g. national → cultivating). Keep and warn never change the tier. A cultivating
cluster has no lower tier, so it cannot be dropped.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Cluster
from clusters.profiles.services import cluster_set_tier
from monitoring.adjustment import selectors
from monitoring.models import (
    AdjustmentDecision,
    MonitoringEvaluation,
    MonitoringResult,
    Recommendation,
    RectificationNote,
)
from tenancy.errors import Refusal
from tenancy.models import Organisation
from tenancy.notifications.services import notify
from tenancy.visibility import Viewer

TIER_ORDER = [Cluster.Tier.CULTIVATING, Cluster.Tier.PROVINCIAL, Cluster.Tier.NATIONAL, Cluster.Tier.WORLD_CLASS]
NOTIFICATION_KIND = {
    Recommendation.KEEP: "adjustment.kept",
    Recommendation.WARN: "adjustment.warned",
    Recommendation.DROP: "adjustment.dropped",
}
MAX_TEXT = 5000


def lower_tiers(tier: str) -> list[str]:
    """The tiers a drop may lead to from `tier`, the default (one step down) first."""
    if tier not in TIER_ORDER:
        return []
    return list(reversed(TIER_ORDER[: TIER_ORDER.index(tier)]))


def default_tier_after(*, decision: str, tier_before: str) -> str:
    if decision == Recommendation.DROP:
        lower = lower_tiers(tier_before)
        return lower[0] if lower else tier_before
    return tier_before


def _clean_decision(*, decision, reason, tier_before, tier_after):
    errors = {}
    if decision not in Recommendation.values:
        errors["decision"] = [_("Choose keep, warn or drop.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Give the reason for the decision.")]
    elif len(reason) > MAX_TEXT:
        errors["reason"] = [_("Keep the reason under %(max)s characters.") % {"max": MAX_TEXT}]
    if errors:
        raise ValidationError(errors)
    if decision == Recommendation.DROP:
        lower = lower_tiers(tier_before)
        if not lower:
            raise ValidationError({"decision": [_("A cultivating cluster has no lower tier: it cannot be dropped.")]})
        tier_after = tier_after or lower[0]
        if tier_after not in lower:
            raise ValidationError({"tier_after": [_("A drop moves the cluster to a lower tier.")]})
    else:
        if tier_after and tier_after != tier_before:
            raise ValidationError({"tier_after": [_("Only a drop changes the tier.")]})
        tier_after = tier_before
    return reason, tier_after


def decision_replacing_result(result: MonitoringResult) -> MonitoringResult | None:
    """The cluster's result that replaced `result`: the newest of a succeeded evaluation of a later year, or of the
    same year run after it (a re-run), or None while `result` is the current one."""
    return (
        MonitoringResult.objects.filter(
            cluster_id=result.cluster_id, evaluation__status=MonitoringEvaluation.Status.SUCCEEDED
        )
        .filter(
            Q(evaluation__year__gt=result.evaluation.year)
            | Q(evaluation__year=result.evaluation.year, evaluation_id__gt=result.evaluation_id)
        )
        .select_related("evaluation")
        .order_by("-evaluation__year", "-evaluation_id")
        .first()
    )


def decision_refusal(result: MonitoringResult) -> Refusal | None:
    """Why no decision can be taken on `result` now (one is taken already, its evaluation did not succeed, a later
    run replaced it), or None. decision_record raises it (409); the result page asks it before offering the
    decision, and shows the action disabled with this message (and, when replaced, a link to the current result,
    whose id the refusal's details carry)."""
    if AdjustmentDecision.objects.filter(result_id=result.pk).exists():
        return Refusal(_("This result already has a decision; a decision is not changed."), code="decided")
    if result.evaluation.status != MonitoringEvaluation.Status.SUCCEEDED:
        return Refusal(_("The evaluation has not finished successfully."), code="not_finished")
    current = decision_replacing_result(result)
    if current is not None:
        return Refusal(
            _("Replaced by run %(run)s of %(year)s: decide on the current result.")
            % {"run": current.evaluation_id, "year": current.evaluation.year},
            code="superseded",
            details={"current_result": current.pk, "run": current.evaluation_id, "year": current.evaluation.year},
        )
    return None


def decision_check(*, result: MonitoringResult, cluster: Cluster, decision: str, reason: str, tier_after: str = ""):
    """Everything decision_record checks before it writes: the result's state (Refusal), then the input
    (ValidationError). Returns the cleaned reason and the tier after the decision; the decision page's
    confirmation step asks it too, so it shows what the decision will do or why it will not be taken."""
    refusal = decision_refusal(result)
    if refusal is not None:
        raise refusal
    return _clean_decision(decision=decision, reason=reason, tier_before=cluster.tier, tier_after=tier_after)


@transaction.atomic
def decision_record(
    *, result: MonitoringResult, decision: str, reason: str, by, tier_after: str = ""
) -> AdjustmentDecision:
    """Record the ministry's decision on a result (once), change the tier on a drop and tell the cluster's promotion
    body and supervising local governments. Bad input raises ValidationError and changes nothing."""
    locked = MonitoringResult.objects.select_for_update().select_related("evaluation").get(pk=result.pk)
    cluster = Cluster.objects.select_for_update().get(pk=locked.cluster_id)
    reason, tier_after = decision_check(
        result=locked, cluster=cluster, decision=decision, reason=reason, tier_after=tier_after
    )
    tier_before = cluster.tier
    row = AdjustmentDecision(
        result=locked,
        decision=decision,
        reason=reason,
        tier_before=tier_before,
        tier_after=tier_after,
        decided_by=by,
        decided_at=timezone.now(),
    )
    row._history_user = by
    row.full_clean()
    row.save()
    if tier_after != tier_before:
        cluster_set_tier(
            cluster=cluster,
            tier=tier_after,
            by=by,
            reason=_("Monitoring evaluation %(year)s: %(reason)s") % {"year": locked.evaluation.year, "reason": reason},
        )
    _notify_decision(row, cluster=cluster, by=by)
    return row


def _tier_label(value):
    return str(Cluster.Tier(value).label)


def _notify_decision(decision: AdjustmentDecision, *, cluster, by):
    from django.utils import translation

    with translation.override("zh-hans"):
        before_zh, after_zh = _tier_label(decision.tier_before), _tier_label(decision.tier_after)
    with translation.override("en"):
        before_en, after_en = _tier_label(decision.tier_before), _tier_label(decision.tier_after)
    notify(
        [cluster.promotion_body_id, *selectors.cluster_supervisors(cluster=cluster)],
        kind=NOTIFICATION_KIND[decision.decision],
        params={
            "cluster": cluster.name,
            "cluster_en": cluster.name_en,
            "year": decision.result.evaluation.year,
            "reason": decision.reason[:300],
            "tier_before": before_zh,
            "tier_before_en": before_en,
            "tier_after": after_zh,
            "tier_after_en": after_en,
        },
        link=reverse("rectification-list", args=[cluster.pk]),
        actor=by,
    )


@transaction.atomic
def rectification_create(*, cluster: Cluster, text: str, by, decision: AdjustmentDecision | None = None):
    """A promotion body or a supervising local government answers a warning or a decision; the ministry is told.
    Whether `by` answers for `cluster` (its body, or a government over one of its regions) is checked here, on
    every note, whichever door it came through."""
    viewer = Viewer.for_user(by)
    answers = viewer.organisation_id is not None and (viewer.is_cluster_body or viewer.is_local)
    if answers and not by.has_perm("monitoring.rectify_cluster", cluster):
        raise PermissionDenied(_("You may not do this."))
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Write the rectification note.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("Keep the note under %(max)s characters.") % {"max": MAX_TEXT}]
    if decision is not None and decision.result.cluster_id != cluster.pk:
        errors["decision"] = [_("The decision is not about this cluster.")]
    if viewer.organisation_id is None or not (viewer.is_cluster_body or viewer.is_local):
        errors["__all__"] = [_("Only the promotion body or a supervising local government files a note.")]
    if errors:
        raise ValidationError(errors)
    note = RectificationNote(
        cluster=cluster, decision=decision, text=text, organisation_id=viewer.organisation_id, author=by
    )
    note._history_user = by
    note.full_clean()
    note.save()
    organisation = Organisation.objects.get(pk=viewer.organisation_id)
    ministry = Organisation.objects.filter(kind=Organisation.Kind.NATIONAL, is_active=True)
    recipients = [*ministry, cluster.promotion_body, *selectors.cluster_supervisors(cluster=cluster)]
    notify(
        [recipient for recipient in recipients if recipient.pk != organisation.pk],  # not the writer's own
        kind="adjustment.rectified",
        params={
            "organisation": organisation.name,
            "organisation_en": organisation.name_en,
            "cluster": cluster.name,
            "cluster_en": cluster.name_en,
        },
        link=reverse("rectification-list", args=[cluster.pk]),
        actor=by,
    )
    return note
