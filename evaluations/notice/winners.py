"""What publishing a final result decides, inside `notice_finalise`'s transaction.

- The winners. When the notice's round is the competition's last round (no round with a higher position), the
  results of the notice's run that advance (`Result.advanced`, by the round's advancement rule) are the competition's
  winners: each gets a `Designation` row (competition, notice, entry, cluster, the tier before), and a cluster below
  national level becomes national through the tier service `cluster_set_tier`, its history's reason naming the
  competition and the notice in Chinese and English, its `national_since` the competition's year. A cluster already
  national-level or world-class keeps its tier and gets no tier history.
- The closure. The competition becomes closed: its rounds, tracks, rubrics and new entries are refused from then on
  (`evaluations.competitions.services.refuse_closed`, code `closed`).
- An earlier round. The round's advancement is what the run's results record (`Result.advanced` of a run whose notice
  is final); nothing is designated and the competition stays open.
- The notifications. Each entrant's promotion body and the governments that endorsed the entry are told the outcome of
  that entry: a winner or not (last round), advancing or not (an earlier round), each with its own wording.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from clusters.models import Cluster
from clusters.profiles.services import cluster_set_tier
from evaluations.models import Competition, Designation, Endorsement, Result, Round
from tenancy.history import CHANGE_REASON_MAX_LENGTH, save_with_history
from tenancy.notifications.services import notify
from tenancy.scoping import unscoped

REASON_SEPARATOR = " / "


def is_last_round(round_) -> bool:
    """No round of the competition comes after this one."""
    return not unscoped(Round).filter(competition_id=round_.competition_id, position__gt=round_.position).exists()


def _fit(text: str, length: int) -> str:
    return text if len(text) <= length else text[: max(length - 1, 0)] + "…"


def designation_reason(*, competition, notice) -> str:
    """The reason the cluster's tier history records, in Chinese and in English, e.g.
    "国家级：2024年先进制造业集群竞赛公示第3号 / National-level: 2024 Advanced Manufacturing Cluster Competition,
    notice 3". The history's reason holds at most 100 characters: when both names do not fit, each gets at least half
    of the room left and is shortened with "…"; the notice's number is always kept."""
    names = [competition.name, competition.name_en or competition.name]
    templates = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            templates.append(_("National-level: %(competition)s, notice %(notice)s"))
    fixed = sum(len(t % {"competition": "", "notice": notice.pk}) for t in templates) + len(REASON_SEPARATOR)
    budget = CHANGE_REASON_MAX_LENGTH - fixed
    chinese, english = names
    if len(chinese) + len(english) > budget:
        half = budget // 2
        if len(chinese) <= half:
            english = _fit(english, budget - len(chinese))
        elif len(english) <= budget - half:
            chinese = _fit(chinese, budget - len(english))
        else:
            chinese, english = _fit(chinese, half), _fit(english, budget - half)
    names = [chinese, english]
    return REASON_SEPARATOR.join(
        template % {"competition": name, "notice": notice.pk} for template, name in zip(templates, names, strict=True)
    )


def designate_winners(*, notice, competition, by, now) -> list[Designation]:
    """The winners of the competition's last round (see the module docstring)."""
    winners = list(
        unscoped(Result)
        .filter(run_id=notice.run_id, advanced=True)
        .select_related("submission")
        .order_by("track__position", "track_id", "rank", "pk")
    )
    cluster_ids = sorted({result.submission.cluster_id for result in winners})
    clusters = {cluster.pk: cluster for cluster in unscoped(Cluster).select_for_update().filter(pk__in=cluster_ids)}
    already = set(unscoped(Designation).filter(notice=notice).values_list("cluster_id", flat=True))
    reason = designation_reason(competition=competition, notice=notice)
    designations = []
    for result in winners:
        cluster = clusters[result.submission.cluster_id]
        if cluster.pk in already:
            continue
        designation = Designation(
            competition=competition,
            notice=notice,
            submission=result.submission,
            cluster=cluster,
            tier_before=cluster.tier,
            designated_at=now,
            designated_by=by,
        )
        save_with_history(designation, by=by, reason=_("Designated by the final result"))
        designations.append(designation)
        if cluster.tier not in Cluster.PUBLIC_TIERS:
            cluster_set_tier(
                cluster=cluster, tier=Cluster.Tier.NATIONAL, by=by, reason=reason, national_since=competition.year
            )
    return designations


def close_competition(*, competition, by) -> None:
    """Close the competition (already locked by the caller); a closed one stays as it is."""
    if competition.status == Competition.Status.CLOSED:
        return
    competition.status = Competition.Status.CLOSED
    save_with_history(competition, by=by, reason=_("Closed: the final result of its last round is published"))


def notify_outcomes(*, notice, competition, last_round: bool, by) -> None:
    """Tell each entrant's promotion body and the governments that endorsed the entry how the entry fared."""
    results = list(unscoped(Result).filter(run_id=notice.run_id).select_related("submission__cluster").order_by("pk"))
    governments: dict[int, list[int]] = {}
    endorsements = (
        unscoped(Endorsement)
        .filter(submission_id__in=[result.submission_id for result in results])
        .order_by("submission_id", "organisation_id")
        .values_list("submission_id", "organisation_id")
        .distinct()
    )
    for submission_id, organisation_id in endorsements:
        governments.setdefault(submission_id, []).append(organisation_id)
    if last_round:
        kinds = {True: "notice.winner", False: "notice.not_winner"}
    else:
        kinds = {True: "notice.advanced", False: "notice.not_advanced"}
    for result in results:
        cluster = result.submission.cluster
        notify(
            [cluster.promotion_body_id, *governments.get(result.submission_id, [])],
            kind=kinds[bool(result.advanced)],
            params={
                "title": notice.title,
                "title_en": notice.title_en,
                "cluster": cluster.name,
                "cluster_en": cluster.name_en,
                "competition": competition.name,
                "competition_en": competition.name_en,
            },
            link=reverse("my-result-detail", args=[result.pk]),
            actor=by,
        )


def decide(*, notice, by, now) -> list[Designation]:
    """Everything the final result of `notice` decides (the caller holds the notice's row lock)."""
    competition = unscoped(Competition).select_for_update().get(pk=notice.run.round.competition_id)
    last_round = is_last_round(notice.run.round)
    designations = []
    if last_round:
        designations = designate_winners(notice=notice, competition=competition, by=by, now=now)
        close_competition(competition=competition, by=by)
    notify_outcomes(notice=notice, competition=competition, last_round=last_round, by=by)
    return designations
