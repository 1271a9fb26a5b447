"""Pages of the entries: lists for the body, the endorsing governments and the ministry, the entry form with
autosave, the entry page with versions, endorsements and the trail, and the decisions, each after a confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusters.models import Cluster
from evaluations.competitions import selectors as competition_selectors
from evaluations.competitions.views import PAGE_SIZE
from evaluations.entries import lifecycle, selectors, services
from evaluations.entries.api.views import evidence_response
from evaluations.entries.forms import (
    ClaimForm,
    ConfirmForm,
    DecisionForm,
    EntryFilterForm,
    EntryStartForm,
    IneligibleForm,
    ReturnForm,
    SectionsForm,
    WithdrawForm,
)
from evaluations.entries.quality import claim_checks
from evaluations.entries.tables import ENTRY_SORTS
from evaluations.models import SECTIONS, ClaimedValue, Competition, Criterion, Submission, SubmissionVersion
from tenancy.errors import Refusal
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.numbers import plain
from tenancy.visibility import Viewer

# Entries -----------------------------------------------------------------------------------------------------------


def _entry(pk):
    return get_object_or_404(selectors.submission_for_detail(), pk=pk)


def _entry_to_write(request, pk):
    submission = _entry(pk)
    if not request.user.has_perm("evaluations.change_submission", submission):
        raise PermissionDenied
    return submission


ENTRY_VIEWS = {"mine", "to_endorse", "all"}


def _filtered_entries(request):
    """The entries of the list's tab and filters: (viewer, tab, queryset, filter form)."""
    viewer = Viewer.for_user(request.user)
    default_view = "to_endorse" if viewer.is_local else "mine" if viewer.is_cluster_body else "all"
    view = request.GET.get("view", default_view)
    if view not in ENTRY_VIEWS:
        view = default_view
    entries = selectors.visible_submissions()
    if view == "to_endorse":
        entries = selectors.submissions_to_endorse(viewer=viewer)
    if viewer.is_expert:
        entries = entries.none()  # an expert reads assigned entries on their assignments, named as the round allows
    form = EntryFilterForm(request.GET or None, competitions=Competition.objects.order_by("-year", "name"))
    if form.is_valid():
        data = form.cleaned_data
        if data.get("q"):
            entries = entries.filter(Q(cluster__name__icontains=data["q"]) | Q(cluster__name_en__icontains=data["q"]))
        if data.get("competition"):
            entries = entries.filter(round__competition=data["competition"])
        if data.get("status"):
            entries = entries.filter(status=data["status"])
        if data.get("track"):
            entries = entries.filter(track__field=data["track"])
    return viewer, view, entries, form


@login_required
def entry_list(request):
    viewer, view, entries, form = _filtered_entries(request)
    sorting = ENTRY_SORTS.read(request)
    page = Paginator(sorting.apply(entries), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/entry_list.html",
        {
            "page": page,
            "sorting": sorting,
            "form": form,
            "view": view,
            "views": [
                ("mine", _("My entries")) if viewer.is_cluster_body else None,
                ("to_endorse", _("To endorse")) if viewer.is_local else None,
                ("all", _("All I can see")),
            ],
            "can_enter": request.user.has_perm("evaluations.add_submission"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_add(request):
    if not request.user.has_perm("evaluations.add_submission"):
        raise PermissionDenied
    now = timezone.now()
    rounds = competition_selectors.first_rounds_for_entry().filter(submission_closes__gt=now)
    clusters = Cluster.objects.filter(promotion_body_id=Viewer.for_user(request.user).organisation_id).order_by("name")
    form = EntryStartForm(
        request.POST or None, rounds=rounds, clusters=clusters, initial={"round": request.GET.get("round")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_create(
                round=form.cleaned_data["round"], cluster=form.cleaned_data["cluster"], by=request.user
            )
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The entry was started; it is saved as you type."))
            return redirect("entry-edit", pk=submission.pk)
    return render(request, "evaluations/entry_start.html", {"form": form}, status=400 if form.errors else 200)


def _claim_rows(submission, forms_by_criterion=None):
    claimed = {c.criterion_id: c for c in submission.claimed_values.all()}
    checks = claim_checks(submission=submission, claims=claimed.values())
    rows = []
    for criterion in competition_selectors.indicator_criteria(round=submission.round).order_by("position", "pk"):
        value = claimed.get(criterion.pk)
        form = (forms_by_criterion or {}).get(criterion.pk) or ClaimForm(
            initial={"value": plain(value.value) if value else None, "note": value.note if value else ""},
            prefix=f"claim-{criterion.pk}",
        )
        rows.append(
            {"criterion": criterion, "claimed": value, "form": form, "check": checks.get(value.pk) if value else None}
        )
    return rows


def _entry_context(request, submission):
    now = timezone.now()
    viewer = Viewer.for_user(request.user)
    pending = selectors.pending_endorsement(submission=submission, organisation_id=viewer.organisation_id)
    decides = services.submission_refusal(submission, "eligible") is None and request.user.has_perm(
        "evaluations.decide_submission", submission
    )
    return {
        "entry": submission,
        "round": submission.round,
        "window": submission.round.window_state(now),
        "sections": [(key, label, submission.sections.get(key, "")) for key, label, _help in SECTIONS],
        "claims": _claim_rows(submission),
        "versions": selectors.submission_versions(submission=submission),
        "endorsements": selectors.submission_endorsements(submission=submission),
        "trail": selectors.submission_trail(submission=submission),
        "can_edit": request.user.has_perm("evaluations.change_submission", submission)
        and services.submission_refusal(submission, "change", now=now) is None,
        "can_decide": pending is not None and request.user.has_perm("evaluations.endorse_submission", submission),
        "can_return": pending is not None and now < submission.round.submission_closes,
        "can_declare_eligible": decides and request.user.has_perm("evaluations.formal_check", submission),
        "formal_check_frozen": decides and not request.user.has_perm("evaluations.formal_check", submission),
        "can_read_score_trail": request.user.has_perm("evaluations.view_review_changes"),
        "can_withdraw": request.user.has_perm("evaluations.withdraw_submission", submission)
        and lifecycle.withdrawal_refusal(submission, now) is None,
        "can_carry_over": submission.status == Submission.Status.ELIGIBLE
        and request.user.has_perm("evaluations.carry_over_submission", submission)
        and lifecycle.carry_over_refusal(submission, now) is None,
        "carried_over_into": selectors.visible_submissions().filter(carried_over_from=submission).first(),
    }


@login_required
def entry_detail(request, pk):
    submission = _entry(pk)
    if Viewer.for_user(request.user).is_expert:
        # An expert reads an assigned entry on the review page, which hides names in a blind review.
        from evaluations.models import Assignment

        assignment = get_object_or_404(Assignment, submission=submission, status=Assignment.Status.ASSIGNED)
        return redirect("review-form", pk=assignment.pk)
    return render(request, "evaluations/entry_detail.html", _entry_context(request, submission))


def _refused_redirect(request, submission, exc):
    messages.error(request, exc.message)
    return redirect("entry-detail", pk=submission.pk)


def _editable_or_refusal(request, submission):
    """None when the body may edit the entry now; else a redirect to the entry with the reason."""
    refusal = services.submission_refusal(submission, "change")
    return _refused_redirect(request, submission, refusal) if refusal else None


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk):
    """The entry form: sections saved as they type (htmx autosave), claimed values with evidence below."""
    submission = _entry_to_write(request, pk)
    refusal = _editable_or_refusal(request, submission)
    if refusal:
        return refusal
    initial = {"revision": submission.revision, **submission.sections}
    form = SectionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_save_draft(
                submission=submission,
                sections=form.sections(),
                revision=form.cleaned_data["revision"],
                by=request.user,
            )
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect("entry-edit", pk=submission.pk)
    return render(
        request,
        "evaluations/entry_form.html",
        {"entry": submission, "form": form, "claims": _claim_rows(submission)},
        status=(409 if form.non_field_errors() else 400) if form.errors else 200,
    )


@login_required
@require_POST
def entry_autosave(request, pk):
    """htmx: save the sections as they are typed; answers a small 'saved at' fragment (409 when refused)."""
    submission = _entry_to_write(request, pk)
    form = SectionsForm(request.POST)
    status, message, saved = 200, "", None
    if not form.is_valid():
        status, message = 400, " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            services.submission_save_draft(
                submission=submission,
                sections=form.sections(),
                revision=form.cleaned_data["revision"],
                by=request.user,
            )
            saved = timezone.localtime()
        except ValidationError as exc:
            status, message = 400, " ".join(exc.messages)
        except Refusal as exc:
            status, message = 409, exc.message
    return render(
        request,
        "evaluations/includes/autosave_status.html",
        {"entry": submission, "saved": saved, "message": message},
        status=status,
    )


@login_required
@require_POST
def entry_claim(request, pk, criterion_pk):
    submission = _entry_to_write(request, pk)
    criterion = get_object_or_404(Criterion.objects.all(), pk=criterion_pk, round_id=submission.round_id)
    form = ClaimForm(request.POST, request.FILES, prefix=f"claim-{criterion.pk}")
    if form.is_valid():
        try:
            services.claimed_value_set(
                submission=submission,
                criterion=criterion,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Refusal as exc:
            return _refused_redirect(request, submission, exc)
        else:
            messages.success(request, _("The value of “%(criterion)s” was saved.") % {"criterion": criterion})
            return redirect(reverse("entry-edit", args=[submission.pk]) + "#claims")
    refusal = _editable_or_refusal(request, submission)
    if refusal:
        return refusal
    sections = SectionsForm(initial={"revision": submission.revision, **submission.sections})
    return render(
        request,
        "evaluations/entry_form.html",
        {"entry": submission, "form": sections, "claims": _claim_rows(submission, {criterion.pk: form})},
        status=400,
    )


def _confirm(request, submission, *, template_context, form=None):
    context = {"entry": submission, "form": form, **template_context}
    return render(request, "evaluations/entry_confirm.html", context, status=400 if form and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def entry_submit(request, pk):
    submission = _entry_to_write(request, pk)
    refusal = _editable_or_refusal(request, submission)
    if refusal:
        return refusal
    if request.method == "POST":
        try:
            services.submission_submit(submission=submission, by=request.user)
        except Refusal as exc:
            return _refused_redirect(request, submission, exc)
        messages.success(request, _("The entry was submitted; the supervising governments are asked to endorse it."))
        return redirect("entry-detail", pk=submission.pk)
    governments = selectors.supervising_governments(
        cluster=submission.cluster, level=submission.round.competition.endorsement_level
    )
    return _confirm(
        request,
        submission,
        template_context={
            "title": _("Submit the entry of %(cluster)s?") % {"cluster": submission.cluster},
            "text": _(
                "A version is frozen as it is now, and these governments are asked to endorse it: %(governments)s. "
                "Until one of them returns it, the entry cannot be changed."
            )
            % {"governments": "、".join(str(g) for g in governments) or "—"},
            "button": _("Submit"),
        },
    )


def _decide(request, submission, *, perm, refusal, act, done, confirm, form_class=DecisionForm):
    """A decision page: `perm` on the entry or a 403; `refusal()` (the entry's state) or a redirect to the entry with
    the reason; then the confirmation with its form (GET), or the decision `act(cleaned_data)` (POST), which
    answers the entry to go to."""
    if not request.user.has_perm(perm, submission):
        raise PermissionDenied
    refused = refusal()
    if refused is not None:
        return _refused_redirect(request, submission, refused)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = act(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Refusal as exc:
            return _refused_redirect(request, submission, exc)
        else:
            messages.success(request, done)
            return redirect("entry-detail", pk=target.pk)
    return _confirm(request, submission, form=form, template_context=confirm)


@login_required
@require_http_methods(["GET", "POST"])
def entry_endorse(request, pk):
    submission = _entry(pk)
    return _decide(
        request,
        submission,
        perm="evaluations.endorse_submission",
        refusal=lambda: services.submission_refusal(submission, "endorse", by=request.user),
        act=lambda data: services.submission_endorse(submission=submission, comment=data["comment"], by=request.user),
        done=_("Your government endorsed the entry."),
        confirm={
            "title": _("Endorse the entry of %(cluster)s?") % {"cluster": submission.cluster},
            "text": _("Your government recommends this entry to the ministry. A comment is optional."),
            "button": _("Endorse"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_return(request, pk):
    submission = _entry(pk)
    return _decide(
        request,
        submission,
        perm="evaluations.endorse_submission",
        refusal=lambda: services.submission_refusal(submission, "return", by=request.user),
        form_class=ReturnForm,
        act=lambda data: services.submission_return(submission=submission, comment=data["comment"], by=request.user),
        done=_("The entry was returned to its promotion body with your comment."),
        confirm={
            "title": _("Return the entry of %(cluster)s?") % {"cluster": submission.cluster},
            "text": _(
                "The promotion body sees your comment, changes the entry and submits it again; every supervising "
                "government then decides on the new version."
            ),
            "button": _("Return"),
            "danger": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_eligible(request, pk):
    submission = _entry(pk)
    return _decide(
        request,
        submission,
        perm="evaluations.decide_submission",
        refusal=lambda: services.submission_refusal(submission, "eligible"),
        act=lambda data: services.submission_mark_eligible(
            submission=submission, comment=data["comment"], by=request.user
        ),
        done=_("The entry was declared eligible."),
        confirm={
            "title": _("Declare the entry of %(cluster)s eligible?") % {"cluster": submission.cluster},
            "text": _("Every supervising government endorsed it; eligible entries go on to review."),
            "button": _("Declare eligible"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_ineligible(request, pk):
    """The ministry's formal check refuses the entry (形式审查不通过), with the reason."""
    submission = _entry(pk)
    return _decide(
        request,
        submission,
        perm="evaluations.decide_submission",
        refusal=lambda: services.submission_refusal(submission, "ineligible"),
        form_class=IneligibleForm,
        act=lambda data: lifecycle.submission_mark_ineligible(
            submission=submission, reason=data["reason"], by=request.user
        ),
        done=_("The entry was declared ineligible; its promotion body and governments are notified."),
        confirm={
            "title": _("Declare the entry of %(cluster)s ineligible?") % {"cluster": submission.cluster},
            "text": _(
                "The entry fails the formal check: it is not reviewed and not ranked. The promotion body and the "
                "governments that endorsed it read your reason."
            ),
            "button": _("Declare ineligible"),
            "danger": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_withdraw(request, pk):
    """The promotion body withdraws its entry before the deadline (after a confirmation; a reason is optional)."""
    submission = _entry(pk)
    return _decide(
        request,
        submission,
        perm="evaluations.withdraw_submission",
        refusal=lambda: lifecycle.withdrawal_refusal(submission, timezone.now()),
        form_class=WithdrawForm,
        act=lambda data: lifecycle.submission_withdraw(submission=submission, reason=data["reason"], by=request.user),
        done=_("The entry was withdrawn."),
        confirm={
            "title": _("Withdraw the entry of %(cluster)s?") % {"cluster": submission.cluster},
            "text": _(
                "The entry leaves the competition for good: it cannot be submitted again, reviewed or ranked. The "
                "supervising governments are told."
            ),
            "button": _("Withdraw the entry"),
            "danger": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_carry_over(request, pk):
    """The promotion body starts its entry in the next round from this one, which advanced."""
    submission = _entry(pk)
    return _decide(
        request,
        submission,
        perm="evaluations.carry_over_submission",
        refusal=lambda: lifecycle.carry_over_refusal(submission, timezone.now()),
        form_class=ConfirmForm,
        act=lambda data: lifecycle.submission_carry_over(submission=submission, by=request.user),
        done=_("The entry was carried over into the next round; complete it and submit it before the deadline."),
        confirm={
            "title": _("Carry the entry of %(cluster)s over into the next round?") % {"cluster": submission.cluster},
            "text": _(
                "A draft of the next round is started with this entry's sections and the claimed values (with their "
                "evidence) of the indicators the next round's rubric asks for."
            ),
            "button": _("Carry over"),
        },
    )


@login_required
def entry_evidence(request, pk, claim_pk):
    submission = _entry(pk)
    claimed = get_object_or_404(ClaimedValue.objects.all(), pk=claim_pk, submission=submission)
    claimed.submission = submission
    return evidence_response(claimed, request.user)


@login_required
def entry_version(request, pk, number):
    submission = _entry(pk)
    version = get_object_or_404(
        SubmissionVersion.objects.select_related("created_by"), submission=submission, number=number
    )
    labels = {key: label for key, label, _help in SECTIONS}
    return render(
        request,
        "evaluations/entry_version.html",
        {
            "entry": submission,
            "version": version,
            "sections": [(labels.get(key, key), text) for key, text in version.snapshot.get("sections", {}).items()],
            "claimed_values": version.snapshot.get("claimed_values", []),
        },
    )


@login_required
def entry_history(request, pk):
    submission = _entry(pk)
    if not request.user.has_perm("evaluations.view_submission_history", submission):
        raise PermissionDenied
    return render(
        request,
        "history.html",
        {"object": submission, "entries": history_entries(submission), "back_url": "entry-detail", "back_pk": pk},
    )
