"""Writes of the competitions: competitions, tracks, rounds and rubrics (the ministry's editors). Bad input raises a
field-level ValidationError and changes nothing; a write the state does not allow raises `Refusal`. A closed
competition (the final result of its last round is published) refuses every change of itself, its tracks, rounds and
rubrics, and new entries (`refuse_closed`, code `closed`)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Cluster
from evaluations.competitions.models import tiers_below_national
from evaluations.competitions.selectors import round_frozen
from evaluations.models import (
    Assignment,
    Competition,
    Criterion,
    Dimension,
    Round,
    Submission,
    Track,
)
from tenancy.errors import Refusal
from tenancy.history import save_with_history
from tenancy.models import Region
from tenancy.numbers import plain
from tenancy.scoping import unscoped

QUOTA_MAX = 1000
# Frozen after publication ------------------------------------------------------------------------------------------


def refuse_if_frozen(round) -> None:
    """Refuse (409, code `frozen`) a change of what decided a published result: the round's rubric, windows,
    advancement settings, eligibility decisions, assignments and reviews (`round_frozen`)."""
    if round_frozen(round):
        raise Refusal(
            _(
                "The result of the round “%(round)s” has been published: its rubric, windows, eligibility decisions, "
                "assignments and reviews can no longer change. A published result is corrected by a new evaluation "
                "run with a stated reason and a new notice."
            )
            % {"round": round},
            code="frozen",
        )


# Competitions ---------------------------------------------------------------------------------------------------


def refuse_closed(competition_id) -> Competition:
    """Lock the competition's row and refuse (code `closed`) when it is closed; returns the locked competition.
    Holding the lock keeps a write and the competition's closure (`notice_finalise`) from passing each other."""
    competition = unscoped(Competition).select_for_update().get(pk=competition_id)
    if competition.status == Competition.Status.CLOSED:
        raise Refusal(
            _(
                "The competition is closed: the final result of its last round is published, and its rounds, tracks, "
                "rubrics and entries no longer change."
            ),
            code="closed",
        )
    return competition


def _validate_competition(*, year, name, endorsement_level, exclude_pk=None):
    errors = {}
    if year is None or not 2019 <= int(year) <= 2100:
        errors["year"] = [_("Enter a year between 2019 and 2100.")]
    if not (name or "").strip():
        errors["name"] = [_("Enter a name.")]
    elif unscoped(Competition).filter(name=name.strip()).exclude(pk=exclude_pk).exists():
        errors["name"] = [_("A competition with this name exists.")]
    if endorsement_level not in Competition.EndorsementLevel.values:
        errors["endorsement_level"] = [_("Choose provincial or prefecture-level governments.")]
    if errors:
        raise ValidationError(errors)


def _clean_entry_rules(*, entry_tiers, province_quota, province_quotas) -> dict:
    """Who may enter the first round: the tiers (at least one, in the tiers' order), a quota for every province
    (None: no quota) and quotas of named provinces (province code → number)."""
    errors = {}
    tiers = list(entry_tiers or [])
    unknown = [str(tier) for tier in tiers if tier not in Cluster.Tier.values]
    if unknown:
        errors["entry_tiers"] = [_("Unknown tier: %(tiers)s.") % {"tiers": ", ".join(unknown)}]
    elif not tiers:
        errors["entry_tiers"] = [_("Choose at least one tier that may enter.")]
    quota = province_quota
    if quota is not None and (not isinstance(quota, int) or not 0 <= quota <= QUOTA_MAX):
        errors["province_quota"] = [_("Enter a number from 0 to %(max)d, or leave it empty.") % {"max": QUOTA_MAX}]
    quotas, problems = {}, []
    provinces = set(
        Region.objects.filter(level=Region.Level.PROVINCE, code__in=list(province_quotas or {})).values_list(
            "code", flat=True
        )
    )
    for code, number in (province_quotas or {}).items():
        if code not in provinces:
            problems.append(_("%(code)s is not the code of a province.") % {"code": code})
        elif not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= QUOTA_MAX:
            problems.append(
                _("The quota of %(code)s must be a number from 0 to %(max)d.") % {"code": code, "max": QUOTA_MAX}
            )
        else:
            quotas[code] = number
    if problems:
        errors["province_quotas"] = problems
    if errors:
        raise ValidationError(errors)
    return {
        "entry_tiers": [tier for tier in Cluster.Tier.values if tier in set(tiers)],
        "province_quota": quota,
        "province_quotas": dict(sorted(quotas.items())),
    }


def _set_tracks(competition, fields):
    fields = list(dict.fromkeys(fields))
    keep = {f.pk for f in fields}
    dropped = unscoped(Track).filter(competition=competition).exclude(field_id__in=keep)
    if unscoped(Submission).filter(track__in=dropped).exists():
        raise ValidationError({"fields": [_("A track that has entries cannot be removed.")]})
    dropped.delete()
    for position, field in enumerate(fields):
        unscoped(Track).update_or_create(competition=competition, field=field, defaults={"position": position})


@transaction.atomic
def competition_create(
    *,
    year,
    name,
    name_en="",
    description="",
    endorsement_level=Competition.EndorsementLevel.PROVINCE,
    entry_tiers=None,
    province_quota=None,
    province_quotas=None,
    fields=(),
    by,
) -> Competition:
    """A draft competition. Who may enter: `entry_tiers` (every tier below national when not given), and a quota of
    candidates per province (`province_quota` for every province, `province_quotas` for named ones; none by
    default)."""
    _validate_competition(year=year, name=name, endorsement_level=endorsement_level)
    entry_rules = _clean_entry_rules(
        entry_tiers=tiers_below_national() if entry_tiers is None else entry_tiers,
        province_quota=province_quota,
        province_quotas=province_quotas,
    )
    competition = Competition(
        year=year,
        name=name.strip(),
        name_en=name_en or "",
        description=description or "",
        endorsement_level=endorsement_level,
        **entry_rules,
    )
    save_with_history(competition, by=by)
    _set_tracks(competition, fields)
    return competition


@transaction.atomic
def competition_update(*, competition, by, fields=None, **changes) -> Competition:
    """Change the given attributes (year, name, name_en, description, endorsement_level, entry_tiers,
    province_quota, province_quotas) and, if given, the tracks (industry fields, in order). The entry rules apply
    to entries started from then on; entries already started stay."""
    competition = refuse_closed(competition.pk)
    for attribute in ("year", "name", "name_en", "description", "endorsement_level", "entry_tiers", "province_quotas"):
        if changes.get(attribute) is not None:
            setattr(competition, attribute, changes[attribute])
    if "province_quota" in changes:
        competition.province_quota = changes["province_quota"]
    entry_rules = _clean_entry_rules(
        entry_tiers=competition.entry_tiers,
        province_quota=competition.province_quota,
        province_quotas=competition.province_quotas,
    )
    for attribute, value in entry_rules.items():
        setattr(competition, attribute, value)
    if (
        changes.get("endorsement_level") is not None
        and unscoped(Submission).filter(round__competition=competition, submitted_at__isnull=False).exists()
        and unscoped(Competition).get(pk=competition.pk).endorsement_level != competition.endorsement_level
    ):
        raise ValidationError(
            {"endorsement_level": [_("Entries have been submitted: the endorsing governments can no longer change.")]}
        )
    _validate_competition(
        year=competition.year,
        name=competition.name,
        endorsement_level=competition.endorsement_level,
        exclude_pk=competition.pk,
    )
    competition.name = competition.name.strip()
    save_with_history(competition, by=by)
    if fields is not None:
        _set_tracks(competition, fields)
    return competition


@transaction.atomic
def competition_publish(*, competition, by) -> Competition:
    """Publish: local governments and promotion bodies see it and may enter. Needs a track, a round, and a
    rubric per round whose weights sum to 100."""
    competition = refuse_closed(competition.pk)
    if competition.status == Competition.Status.PUBLISHED:
        raise Refusal(_("The competition is already published."))
    problems = []
    if not unscoped(Track).filter(competition=competition).exists():
        problems.append(_("Add at least one track."))
    rounds = list(unscoped(Round).filter(competition=competition).order_by("position"))
    if not rounds:
        problems.append(_("Add at least one round."))
    for round_ in rounds:
        total = sum((c.weight for c in unscoped(Criterion).filter(round=round_)), Decimal(0))
        if total != 100:
            problems.append(
                _("The rubric of %(round)s sums to %(total)s, not 100.") % {"round": round_.name, "total": total}
            )
    if problems:
        raise ValidationError({"non_field_errors": problems})
    competition.status = Competition.Status.PUBLISHED
    save_with_history(competition, by=by, reason=_("Published"))
    return competition


@transaction.atomic
def competition_delete(*, competition, by) -> None:
    competition = refuse_closed(competition.pk)
    if competition.status != Competition.Status.DRAFT:
        raise Refusal(_("A published competition cannot be deleted."))
    if unscoped(Submission).filter(round__competition=competition).exists():
        raise Refusal(_("A competition with entries cannot be deleted."))
    competition._history_user = by
    competition.delete()


# Rounds ---------------------------------------------------------------------------------------------------------


def _validate_round(values, *, competition, exclude_pk=None):
    errors = {}
    if not (values.get("name") or "").strip():
        errors["name"] = [_("Enter a name, e.g. 小组赛 or 初赛.")]
    for key in ("submission_opens", "submission_closes", "review_opens", "review_closes"):
        if values.get(key) is None:
            errors[key] = [_("Enter a date and time.")]
    if not errors:
        if values["submission_closes"] <= values["submission_opens"]:
            errors["submission_closes"] = [_("The submission deadline comes after the opening.")]
        if values["review_opens"] < values["submission_closes"]:
            errors["review_opens"] = [_("The review opens at or after the submission deadline.")]
        if values["review_closes"] <= values["review_opens"]:
            errors["review_closes"] = [_("The review closes after it opens.")]
    rule = values.get("advancement_rule")
    if rule == Round.AdvancementRule.TOP_N:
        if not values.get("advance_top_n") or values["advance_top_n"] < 1:
            errors["advance_top_n"] = [_("Enter how many entries per track advance (at least 1).")]
    elif rule == Round.AdvancementRule.THRESHOLD:
        threshold = values.get("advance_threshold")
        if threshold is None or not Decimal(0) < Decimal(threshold) <= Decimal(100):
            errors["advance_threshold"] = [_("Enter a score threshold above 0 and at most 100.")]
    else:
        errors["advancement_rule"] = [_("Choose top N per track or a score threshold.")]
    per_entry = values.get("experts_per_entry")
    if per_entry is not None and not 1 <= int(per_entry) <= MAX_REQUIRED_REVIEWS:
        errors["experts_per_entry"] = [
            _("Enter a number of experts between 1 and %(max)d.") % {"max": MAX_REQUIRED_REVIEWS}
        ]
    minimum = values.get("min_submitted_reviews")
    if minimum is not None and not 1 <= int(minimum) <= MAX_REQUIRED_REVIEWS:
        errors["min_submitted_reviews"] = [
            _("Enter a minimum between 1 and %(max)d, or leave it empty for the experts per entry.")
            % {"max": MAX_REQUIRED_REVIEWS}
        ]
    standardise_from = values.get("standardise_from")
    if standardise_from is not None and not 2 <= int(standardise_from) <= STANDARDISE_FROM_MAX:
        errors["standardise_from"] = [
            _("Enter a number of entries between 2 and %(most)d.") % {"most": STANDARDISE_FROM_MAX}
        ]
    position = values.get("position")
    if position is not None and (
        unscoped(Round).filter(competition=competition, position=position).exclude(pk=exclude_pk).exists()
    ):
        errors["position"] = [_("The competition already has a round in this position.")]
    if errors:
        raise ValidationError(errors)


MAX_REQUIRED_REVIEWS = 50

ROUND_FIELDS = (
    "position",
    "name",
    "name_en",
    "submission_opens",
    "submission_closes",
    "review_opens",
    "review_closes",
    "advancement_rule",
    "advance_top_n",
    "advance_threshold",
    "experts_per_entry",
    "min_submitted_reviews",
    "standardise_from",
    "blind_review",
)
STANDARDISE_FROM_MAX = 1000


@transaction.atomic
def round_create(*, competition, by, **values) -> Round:
    refuse_closed(competition.pk)
    if values.get("position") is None:
        last = unscoped(Round).filter(competition=competition).order_by("-position").first()
        values["position"] = (last.position + 1) if last else 1
    for key in ("standardise_from", "experts_per_entry", "blind_review"):
        if values.get(key) is None:
            values.pop(key, None)  # the model's default
    _validate_round(values, competition=competition)
    round_ = Round(competition=competition, **{k: values.get(k) for k in ROUND_FIELDS if k in values})
    round_.name_en = round_.name_en or ""
    _tidy_rule(round_)
    save_with_history(round_, by=by)
    return round_


@transaction.atomic
def round_update(*, round, by, **changes) -> Round:
    refuse_closed(round.competition_id)
    round_ = unscoped(Round).select_for_update().get(pk=round.pk)
    refuse_if_frozen(round_)
    values = {k: getattr(round_, k) for k in ROUND_FIELDS}
    values.update({k: v for k, v in changes.items() if k in ROUND_FIELDS and v is not None})
    if "advance_threshold" in changes and changes["advance_threshold"] is None:
        values["advance_threshold"] = None
    if "advance_top_n" in changes and changes["advance_top_n"] is None:
        values["advance_top_n"] = None
    if "min_submitted_reviews" in changes and changes["min_submitted_reviews"] is None:
        values["min_submitted_reviews"] = None  # back to the experts per entry
    _validate_round(values, competition=round_.competition, exclude_pk=round_.pk)
    if values["blind_review"] != round_.blind_review and unscoped(Assignment).filter(submission__round=round_).exists():
        raise ValidationError(
            {
                "blind_review": [
                    _(
                        "Experts have been assigned to this round's entries: whether its review is blind can no "
                        "longer change (they may already have read the entries)."
                    )
                ]
            }
        )
    for key, value in values.items():
        setattr(round_, key, value)
    round_.name_en = round_.name_en or ""
    _tidy_rule(round_)
    save_with_history(round_, by=by)
    return round_


def _tidy_rule(round_):
    if round_.advancement_rule == Round.AdvancementRule.TOP_N:
        round_.advance_threshold = None
    else:
        round_.advance_top_n = None


@transaction.atomic
def round_delete(*, round, by) -> None:
    refuse_closed(round.competition_id)
    round = unscoped(Round).select_for_update().get(pk=round.pk)
    refuse_if_frozen(round)
    if unscoped(Submission).filter(round=round).exists():
        raise Refusal(_("A round with entries cannot be deleted."))
    round._history_user = by
    round.delete()


# Rubrics --------------------------------------------------------------------------------------------------------


def rubric_locked(round) -> bool:
    """A round's rubric is fixed once one of its entries has been submitted."""
    return unscoped(Submission).filter(round=round, submitted_at__isnull=False).exists()


def _decimal(value):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def validate_rubric(criteria: list[dict]) -> None:
    """The domain rules of a rubric as a whole; raises a ValidationError with the messages per field
    (`weight` for the sum, `criteria` for the rows)."""
    rows, total = [], Decimal(0)
    indicators_seen = set()
    if not criteria:
        raise ValidationError({"criteria": [_("A rubric has at least one criterion.")]})
    for number, item in enumerate(criteria, start=1):
        label = (item.get("name") or "").strip() or f"#{number}"
        prefix = _("Criterion %(number)d (%(name)s): ") % {"number": number, "name": label}
        if not (item.get("name") or "").strip():
            rows.append(prefix + _("enter a name."))
        weight = _decimal(item.get("weight"))
        if weight is None or weight <= 0 or weight > 100:
            rows.append(prefix + _("the weight is more than 0 and at most 100."))
        else:
            total += weight
        max_score = _decimal(item.get("max_score", 100))
        if max_score is None or max_score <= 0:
            rows.append(prefix + _("the maximum score must be more than 0."))
        kind = item.get("kind")
        indicator = item.get("indicator")
        floor, ceiling = item.get("floor"), item.get("ceiling")
        if kind == Criterion.Kind.INDICATOR and (floor is None) != (ceiling is None):
            rows.append(prefix + _("a range has both a floor and a ceiling (or neither: the national distribution)."))
        elif kind == Criterion.Kind.INDICATOR and floor is not None:
            low, high = _decimal(floor), _decimal(ceiling)
            if low is None or high is None or high <= low:
                rows.append(prefix + _("the ceiling of the range is above its floor."))
        if kind == Criterion.Kind.INDICATOR:
            if indicator is None:
                rows.append(prefix + _("an indicator criterion names the indicator it is computed from."))
            elif indicator.pk in indicators_seen:
                rows.append(prefix + _("the indicator is already used by another criterion of this round."))
            else:
                indicators_seen.add(indicator.pk)
        elif kind == Criterion.Kind.EXPERT:
            if indicator is not None:
                rows.append(prefix + _("an expert criterion is scored by reviewers and names no indicator."))
            if floor is not None or ceiling is not None:
                rows.append(prefix + _("an expert criterion has no range; only indicator criteria do."))
        else:
            rows.append(prefix + _("choose expert or indicator."))
        if item.get("dimension") not in Dimension.values:
            rows.append(prefix + _("choose one of the six formation mechanisms as its dimension."))
    errors = {}
    if rows:
        errors["criteria"] = rows
    if total != 100:
        errors["weight"] = [_("The weights sum to %(total)s; they must sum to exactly 100.") % {"total": plain(total)}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rubric_replace(*, round, criteria: list[dict], by) -> list[Criterion]:
    """Replace the round's rubric as a whole. Each item: name, name_en, description, kind, weight, max_score,
    indicator (an Indicator or None), floor and ceiling (an indicator criterion's range, both or neither),
    dimension, and `id` to keep an existing criterion. Criteria left out are deleted. Refused once an entry of the
    round has been submitted, in a closed competition, and once the round is frozen."""
    refuse_closed(round.competition_id)
    round_ = unscoped(Round).select_for_update().get(pk=round.pk)
    refuse_if_frozen(round_)
    if rubric_locked(round_):
        raise Refusal(_("Entries of this round have been submitted: its rubric can no longer change."))
    validate_rubric(criteria)
    existing = {c.pk: c for c in unscoped(Criterion).filter(round=round_)}
    kept = []
    for position, item in enumerate(criteria):
        criterion = existing.get(item.get("id")) or Criterion(round=round_)
        criterion.position = position
        criterion.name = item["name"].strip()
        criterion.name_en = (item.get("name_en") or "").strip()
        criterion.description = item.get("description") or ""
        criterion.kind = item["kind"]
        criterion.weight = _decimal(item["weight"])
        criterion.max_score = _decimal(item.get("max_score", 100))
        indicator_kind = item["kind"] == Criterion.Kind.INDICATOR
        criterion.indicator = item.get("indicator") if indicator_kind else None
        criterion.floor = _decimal(item["floor"]) if indicator_kind and item.get("floor") is not None else None
        criterion.ceiling = _decimal(item["ceiling"]) if indicator_kind and item.get("ceiling") is not None else None
        criterion.dimension = item["dimension"]
        kept.append(criterion)
    for pk, criterion in existing.items():
        if pk not in {c.pk for c in kept if c.pk}:
            criterion._history_user = by
            criterion.delete()
    for criterion in kept:
        save_with_history(criterion, by=by)
    return kept
