"""Pages of the competitions: competitions, their rounds and rubrics (the ministry writes, others read)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from evaluations.competitions import selectors
from evaluations.competitions import services as competition_services
from evaluations.competitions.forms import CompetitionForm, RoundForm, RubricFormSet
from evaluations.competitions.models import tiers_below_national
from evaluations.competitions.selectors import round_frozen
from evaluations.competitions.tables import COMPETITION_SORTS
from evaluations.entries import admission, lifecycle
from evaluations.models import Competition, Criterion, Round
from tenancy.errors import Refusal
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.models import Region

PAGE_SIZE = 25


def _can_write_competitions(request):
    return request.user.has_perm("evaluations.change_competition")


def _competition(request, pk, *, write=False):
    competition = get_object_or_404(Competition.objects.all(), pk=pk)
    if write and not _can_write_competitions(request):
        raise PermissionDenied
    return competition


def _round(request, pk, *, write=False):
    round_ = get_object_or_404(Round.objects.select_related("competition"), pk=pk)
    if write and not _can_write_competitions(request):
        raise PermissionDenied
    return round_


# Competitions ------------------------------------------------------------------------------------------------------


@login_required
def competition_list(request):
    sorting = COMPETITION_SORTS.read(request)
    page = Paginator(sorting.apply(selectors.visible_competitions()), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/competition_list.html",
        {"page": page, "sorting": sorting, "can_write": _can_write_competitions(request)},
    )


@login_required
def competition_detail(request, pk):
    competition = get_object_or_404(selectors.competition_for_detail(), pk=pk)
    rounds = list(competition.rounds.all())
    now = timezone.now()
    for index, round_ in enumerate(rounds):
        round_.window = round_.window_state(now)
        round_.total_weight = sum(c.weight for c in round_.criteria.all())
        round_.locked = competition_services.rubric_locked(round_)
        round_.previous = rounds[index - 1] if index else None
    quotas = competition.province_quotas or {}
    names = {region.code: region.display_name for region in Region.objects.filter(code__in=list(quotas))}
    return render(
        request,
        "evaluations/competition_detail.html",
        {
            "competition": competition,
            "tracks": list(competition.tracks.all()),
            "rounds": rounds,
            "province_quotas": [(names.get(code, code), number) for code, number in quotas.items()],
            "can_write": _can_write_competitions(request),
            "can_enter": request.user.has_perm("evaluations.add_submission"),
            "can_carry_over": request.user.has_perm("evaluations.carry_over_round"),
        },
    )


def _refused_before_fields(request, form, competition, round_=None) -> bool:
    """A POST on a closed competition or a frozen round is refused (409) before its fields are read: the form shows
    the refusal, not field errors the user could not resolve by correcting them."""
    if request.method != "POST" or competition is None:
        return False
    try:
        competition_services.refuse_closed(competition.pk)
        if round_ is not None:
            competition_services.refuse_if_frozen(round_)
    except Refusal as exc:
        add_service_errors(form, exc)
        return True
    return False


@login_required
@require_http_methods(["GET", "POST"])
def competition_edit(request, pk=None):
    if pk is None:
        if not _can_write_competitions(request):
            raise PermissionDenied
        competition = None
        initial = {
            "year": timezone.localdate().year,
            "endorsement_level": Competition.EndorsementLevel.PROVINCE,
            "entry_tiers": tiers_below_national(),
        }
    else:
        competition = _competition(request, pk, write=True)
        initial = {
            "year": competition.year,
            "name": competition.name,
            "name_en": competition.name_en,
            "description": competition.description,
            "endorsement_level": competition.endorsement_level,
            "fields": [t.field_id for t in competition.tracks.all()],
            "entry_tiers": competition.entry_tiers,
            "province_quota": competition.province_quota,
            "province_quotas": CompetitionForm.quotas_text(competition.province_quotas),
        }
    form = CompetitionForm(request.POST or None, initial=initial)
    refused = _refused_before_fields(request, form, competition)
    if request.method == "POST" and not refused and form.is_valid():
        data = form.cleaned_data
        entry_rules = {key: data[key] for key in ("entry_tiers", "province_quota", "province_quotas")}
        try:
            if competition is None:
                competition = competition_services.competition_create(
                    year=data["year"],
                    name=data["name"],
                    name_en=data["name_en"],
                    description=data["description"],
                    endorsement_level=data["endorsement_level"],
                    fields=list(data["fields"]),
                    by=request.user,
                    **entry_rules,
                )
            else:
                competition_services.competition_update(
                    competition=competition,
                    year=data["year"],
                    name=data["name"],
                    name_en=data["name_en"],
                    description=data["description"],
                    endorsement_level=data["endorsement_level"],
                    fields=list(data["fields"]),
                    by=request.user,
                    **entry_rules,
                )
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
            refused = isinstance(exc, Refusal)
        else:
            messages.success(request, _("The competition was saved."))
            return redirect("competition-detail", pk=competition.pk)
    return render(
        request,
        "evaluations/competition_form.html",
        {
            "form": form,
            "competition": competition,
            "title": _("New competition") if competition is None else _("Edit the competition"),
        },
        status=(409 if refused else 400) if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def competition_publish(request, pk):
    competition = _competition(request, pk, write=True)
    if request.method == "POST":
        try:
            competition_services.competition_publish(competition=competition, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The competition is published."))
        return redirect("competition-detail", pk=competition.pk)
    return render(
        request,
        "evaluations/confirm.html",
        {
            "title": _("Publish “%(name)s”?") % {"name": competition},
            "text": _(
                "Local governments and cluster promotion bodies will see the competition, its rounds and rubrics, "
                "and promotion bodies may enter their clusters."
            ),
            "button": _("Publish"),
            "back": reverse("competition-detail", args=[competition.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_carry_over(request, pk):
    """The ministry opens a later round to the entries that advanced from the round before (after a confirmation)."""
    round_ = _round(request, pk)
    if not request.user.has_perm("evaluations.carry_over_round"):
        raise PermissionDenied
    back = reverse("competition-detail", args=[round_.competition_id]) + f"#round-{round_.pk}"
    if request.method == "POST":
        try:
            summary = lifecycle.round_carry_over(round=round_, by=request.user)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            created = len(summary["created"])
            messages.success(
                request,
                ngettext(
                    "%(count)d entry that advanced was carried over into %(round)s.",
                    "%(count)d entries that advanced were carried over into %(round)s.",
                    created,
                )
                % {"count": created, "round": round_.name},
            )
        return redirect(back)
    previous = admission.previous_round(round_)
    run = admission.counting_run(round=previous) if previous else None
    return render(
        request,
        "evaluations/confirm.html",
        {
            "title": _("Carry the entries that advanced over into %(round)s?") % {"round": round_.name},
            "text": _(
                "Every entry that advanced from %(previous)s in evaluation run #%(run)s (the run of the round's "
                "latest published notice, else its latest succeeded run) becomes a draft of %(round)s with its "
                "sections and the claimed values both rubrics ask for; its promotion body completes and submits it. "
                "Entries carried over already are left as they are."
            )
            % {"previous": previous.name if previous else "—", "run": run.pk if run else "—", "round": round_.name},
            "button": _("Carry over"),
            "back": back,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def competition_delete(request, pk):
    competition = _competition(request, pk, write=True)
    if request.method == "POST":
        try:
            competition_services.competition_delete(competition=competition, by=request.user)
        except Refusal as exc:
            messages.error(request, exc.message)
            return redirect("competition-detail", pk=competition.pk)
        messages.success(request, _("The competition was deleted."))
        return redirect("competition-list")
    return render(
        request,
        "evaluations/confirm.html",
        {
            "title": _("Delete “%(name)s”?") % {"name": competition},
            "text": _("The competition, its tracks, rounds and rubrics are removed; the history keeps a record."),
            "button": _("Delete"),
            "danger": True,
            "back": reverse("competition-detail", args=[competition.pk]),
        },
    )


@login_required
def competition_history(request, pk):
    competition = _competition(request, pk)
    return render(
        request,
        "history.html",
        {
            "object": competition,
            "entries": history_entries(competition),
            "back_url": "competition-detail",
            "back_pk": pk,
        },
    )


# Rounds and rubrics ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk=None, competition_pk=None):
    if pk is None:
        competition = _competition(request, competition_pk, write=True)
        round_ = None
        initial = {"advancement_rule": Round.AdvancementRule.TOP_N}
    else:
        round_ = _round(request, pk, write=True)
        competition = round_.competition
        initial = {key: getattr(round_, key) for key in competition_services.ROUND_FIELDS}
        for key in ("submission_opens", "submission_closes", "review_opens", "review_closes"):
            initial[key] = timezone.localtime(initial[key])
    form = RoundForm(request.POST or None, initial=initial)
    frozen = round_ is not None and round_frozen(round_)
    status = 409 if _refused_before_fields(request, form, competition, round_) else 200
    if request.method == "POST" and status == 200 and form.is_valid():
        values = {key: form.cleaned_data.get(key) for key in competition_services.ROUND_FIELDS}
        try:
            if round_ is None:
                round_ = competition_services.round_create(competition=competition, by=request.user, **values)
            else:
                competition_services.round_update(round=round_, by=request.user, **values)
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
            status = 409 if isinstance(exc, Refusal) else 400
        else:
            messages.success(request, _("The round was saved."))
            return redirect("competition-detail", pk=competition.pk)
    return render(
        request,
        "evaluations/round_form.html",
        {"form": form, "competition": competition, "round": round_, "frozen": frozen},
        status=400 if form.errors and status == 200 else status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_delete(request, pk):
    round_ = _round(request, pk, write=True)
    back = reverse("competition-detail", args=[round_.competition_id])
    if request.method == "POST":
        try:
            competition_services.round_delete(round=round_, by=request.user)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The round was deleted."))
        return redirect(back)
    return render(
        request,
        "evaluations/confirm.html",
        {
            "title": _("Delete the round “%(name)s”?") % {"name": round_},
            "text": _("The round and its rubric are removed; a round with entries cannot be deleted."),
            "button": _("Delete"),
            "danger": True,
            "back": back,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rubric_edit(request, pk):
    """The round's rubric as a formset, saved as a whole: the weights must sum to exactly 100."""
    round_ = _round(request, pk, write=True)
    frozen = round_frozen(round_)
    locked = frozen or competition_services.rubric_locked(round_)
    initial = [
        {
            "id": c.pk,
            "name": c.name,
            "name_en": c.name_en,
            "kind": c.kind,
            "weight": c.weight,
            "max_score": c.max_score,
            "indicator": c.indicator,
            "floor": c.floor,
            "ceiling": c.ceiling,
            "dimension": c.dimension,
        }
        for c in Criterion.objects.filter(round=round_).select_related("indicator").order_by("position", "pk")
    ]
    formset = RubricFormSet(request.POST or None, initial=initial, prefix="criteria")
    if locked:
        for form in formset:
            for field in form.fields.values():
                field.disabled = True
    rubric_errors, refused = [], False
    if request.method == "POST" and not locked and formset.is_valid():
        try:
            competition_services.rubric_replace(round=round_, criteria=formset.criteria(), by=request.user)
        except ValidationError as exc:
            errors = exc.message_dict
            rubric_errors = errors.get("weight", []) + errors.get("criteria", [])
        except Refusal as exc:
            rubric_errors = [exc.message]
            refused = True
        else:
            messages.success(request, _("The rubric was saved."))
            return redirect("competition-detail", pk=round_.competition_id)
    status = 200
    if request.method == "POST" and (locked or rubric_errors or formset.errors):
        status = 409 if locked or refused else 400
    return render(
        request,
        "evaluations/rubric_form.html",
        {"round": round_, "formset": formset, "rubric_errors": rubric_errors, "locked": locked, "frozen": frozen},
        status=status,
    )
