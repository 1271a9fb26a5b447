"""Who may enter a round. The competition's first round is open to clusters of the tiers the competition declares,
within each province's quota of candidates; a later round only to the entries that advanced from the round before,
carried over into it (`evaluations.entries.lifecycle`), never started afresh.

Which run says who advanced from a round: the run that the round's most recently published notice (公示: open,
closed or final) was drawn from, so that a correction's notice supersedes the first one; while the round has no
published notice, its latest succeeded run. A draft notice does not count: it is not yet the ministry's word.

A province's candidates are the first-round entries of clusters with a region in the province, withdrawn and
ineligible entries not counted. A cluster lying in several provinces is a candidate of each of them (each province
endorses it), so it needs a place in each province's quota.

These are reads and checks only; a refusal raises `Refusal` with a code (not_admitted, quota_full,
carry_over_only) and changes nothing.
"""

from django.utils.translation import gettext as _

from clusters.models import ClusterRegion
from clusters.profiles.selectors import in_jurisdiction
from evaluations.models import EvaluationRun, PublicNotice, Result, Round, Submission
from tenancy.errors import Refusal
from tenancy.models import Region
from tenancy.scoping import unscoped

PUBLISHED_NOTICE = (PublicNotice.Status.OPEN, PublicNotice.Status.CLOSED, PublicNotice.Status.FINAL)

# Rounds of a competition -------------------------------------------------------------------------------------------


def previous_round(round_) -> Round | None:
    """The round before `round_` in its competition (None for the first round)."""
    return (
        unscoped(Round)
        .filter(competition_id=round_.competition_id, position__lt=round_.position)
        .order_by("-position")
        .first()
    )


def next_round(round_) -> Round | None:
    """The round after `round_` in its competition (None for the last round)."""
    return (
        unscoped(Round)
        .filter(competition_id=round_.competition_id, position__gt=round_.position)
        .order_by("position")
        .first()
    )


def is_first_round(round_) -> bool:
    return previous_round(round_) is None


# Who advanced ------------------------------------------------------------------------------------------------------


def counting_run(*, round) -> EvaluationRun | None:
    """The run that says who advanced from `round` (see the module's docstring), or None if none has ranked it."""
    notice = (
        unscoped(PublicNotice)
        .filter(run__round=round, status__in=PUBLISHED_NOTICE)
        .select_related("run")
        .order_by("-opens", "-pk")
        .first()
    )
    if notice is not None:
        return notice.run
    return (
        unscoped(EvaluationRun)
        .filter(round=round, status=EvaluationRun.Status.SUCCEEDED)
        .order_by("-finished", "-pk")
        .first()
    )


def advanced_ids(*, run) -> set[int]:
    """The entries that advanced in `run`."""
    if run is None:
        return set()
    return set(unscoped(Result).filter(run=run, advanced=True).values_list("submission_id", flat=True))


def ensure_advanced(submission, run) -> None:
    """Refuse (code not_advanced) unless `submission` advanced in `run`, the run that counts for its round."""
    if run is None:
        raise Refusal(
            _("No evaluation run has ranked %(round)s yet, so no entry has advanced from it.")
            % {"round": submission.round.name},
            code="not_advanced",
        )
    if submission.pk not in advanced_ids(run=run):
        raise Refusal(
            _("The entry of %(cluster)s did not advance from %(round)s (evaluation run #%(run)d).")
            % {"cluster": submission.cluster.name, "round": submission.round.name, "run": run.pk},
            code="not_advanced",
        )


# The first round: tiers and quotas ---------------------------------------------------------------------------------


def province_codes(cluster) -> list[str]:
    """The codes of the provinces the cluster has a region in (e.g. 320000 for Jiangsu)."""
    codes = unscoped(ClusterRegion).filter(cluster=cluster).values_list("region_id", flat=True)
    return sorted({f"{code[:2]}0000" for code in codes})


def province_candidates(*, round, province_code) -> int:
    """How many entries of the (first) round count against the province's quota."""
    return (
        unscoped(Submission)
        .filter(round=round)
        .exclude(status__in=Submission.OUT_OF_COMPETITION)
        .filter(in_jurisdiction(province_code[:2], "cluster"))
        .count()
    )


def _province_name(code):
    region = Region.objects.filter(pk=code).first()
    return region.display_name if region else code


def ensure_may_enter(*, round, competition, cluster) -> None:
    """Refuse a new entry of `cluster` in `round` unless the round is the competition's first and the cluster
    meets the competition's rules (its tier may enter; each of its provinces has a place left in its quota).
    The caller holds the competition's row locked, so two entries cannot take the same last place."""
    previous = previous_round(round)
    if previous is not None:
        raise Refusal(
            _(
                "%(round)s is open only to the entries that advanced from %(previous)s: such an entry is carried "
                "over from its entry in %(previous)s, not started afresh."
            )
            % {"round": round.name, "previous": previous.name},
            code="carry_over_only",
        )
    tiers = competition.entry_tiers or []
    if cluster.tier not in tiers:
        raise Refusal(
            _("%(cluster)s is a cluster of tier “%(tier)s”; this competition is open to these tiers only: %(tiers)s.")
            % {
                "cluster": cluster.name,
                "tier": cluster.get_tier_display(),
                "tiers": "、".join(competition.get_entry_tiers_display()) or "—",
            },
            code="not_admitted",
        )
    for code in province_codes(cluster):
        quota = competition.quota_for(code)
        if quota is None:
            continue
        used = province_candidates(round=round, province_code=code)
        if used >= quota:
            raise Refusal(
                _(
                    "%(province)s has no place left in its quota of %(quota)d candidates in this competition "
                    "(%(used)d entries; withdrawn and ineligible ones do not count)."
                )
                % {"province": _province_name(code), "quota": quota, "used": used},
                code="quota_full",
            )
