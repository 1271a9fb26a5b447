"""Pages of the expert review: the ministry's expert pool with the eligibility check, declared conflicts, a round's
assignments (automatic, manual override, removal) with the review progress and every review of an entry; the
expert's assignments, recusal and review form (with the entry read-only, names hidden in a blind review)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clusters.models import Cluster
from evaluations.competitions.selectors import round_frozen
from evaluations.models import Assignment, ClaimedValue, ConflictDeclaration, Review, Round, Submission
from evaluations.review import blind, selectors
from evaluations.review import services as review_services
from evaluations.review.lists import (
    assignments_shown,
    conflicts_shown,
    entry_reviews_shown,
    name_conflicts,
    review_changes_shown,
    round_assignments_shown,
)
from evaluations.review.selectors import declarable_clusters, declarable_entries
from evaluations.review.tables import EXPERT_SORTS
from tenancy.errors import Refusal
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.models import ExpertProfile, IndustryField
from tenancy.numbers import plain
from tenancy.paging import CappedPaginator
from tenancy.visibility import Viewer

PAGE_SIZE = 25


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _confirm(request, *, title, text, button, back, danger=False):
    return render(
        request,
        "evaluations/confirm.html",
        {"title": title, "text": text, "button": button, "back": back, "danger": danger},
    )


# The expert pool ---------------------------------------------------------------------------------------------------


class ExpertFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    field = forms.ModelChoiceField(
        label=gettext_lazy("Industry field"), queryset=IndustryField.objects.all(), required=False
    )
    region = forms.CharField(label=gettext_lazy("Region code"), required=False, max_length=6)
    eligible = forms.ChoiceField(
        label=gettext_lazy("Eligibility"),
        required=False,
        choices=[("", gettext_lazy("All")), ("yes", gettext_lazy("Eligible")), ("no", gettext_lazy("Not eligible"))],
    )
    active = forms.ChoiceField(
        label=gettext_lazy("Account"),
        required=False,
        choices=[("", gettext_lazy("All")), ("yes", gettext_lazy("Active")), ("no", gettext_lazy("Deactivated"))],
    )


def experts_shown(request):
    """The pool's experts for the request's filters (every page; the export reads it too), and the filter form."""
    _require(request, "evaluations.view_expert_pool")
    experts = selectors.expert_pool()
    form = ExpertFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            experts = experts.filter(
                Q(user__username__icontains=q)
                | Q(user__first_name__icontains=q)
                | Q(user__last_name__icontains=q)
                | Q(affiliation__icontains=q)
            )
        if data["field"]:
            experts = experts.filter(fields=data["field"])
        if data["region"]:
            experts = experts.filter(region__code__startswith=data["region"].rstrip("0") or data["region"])
        if data["eligible"]:
            experts = experts.filter(is_eligible=data["eligible"] == "yes")
        if data["active"]:
            experts = experts.filter(user__is_active=data["active"] == "yes")
    return EXPERT_SORTS.read(request).apply(experts), form


@login_required
def expert_pool(request):
    experts, form = experts_shown(request)
    sorting = EXPERT_SORTS.read(request)
    page = Paginator(experts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/review/expert_list.html",
        {
            "page": page,
            "sorting": sorting,
            "form": form,
            "can_manage": request.user.has_perm("evaluations.manage_experts"),
        },
    )


@login_required
def expert_detail(request, pk):
    _require(request, "evaluations.view_expert_pool")
    expert = get_object_or_404(selectors.expert_pool(), pk=pk)
    return render(
        request,
        "evaluations/review/expert_detail.html",
        {
            "expert": expert,
            "conflicts": selectors.visible_conflicts().filter(expert=expert),
            "assignments": selectors.visible_assignments().filter(expert=expert)[:100],
            "history": history_entries(expert),
            "can_manage": request.user.has_perm("evaluations.manage_experts"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_eligibility(request, pk):
    expert = get_object_or_404(ExpertProfile.objects.select_related("user"), pk=pk)
    _require(request, "evaluations.manage_experts")
    eligible = (request.POST.get("eligible") or request.GET.get("eligible")) == "1"
    if request.method == "POST":
        review_services.expert_set_eligibility(expert=expert, eligible=eligible, by=request.user)
        messages.success(
            request,
            _("%(expert)s is eligible.") % {"expert": expert}
            if eligible
            else _("%(expert)s is not eligible.") % {"expert": expert},
        )
        return redirect("expert-pool-detail", pk=expert.pk)
    return render(
        request,
        "evaluations/review/eligibility_confirm.html",
        {
            "expert": expert,
            "eligible": eligible,
            "back": reverse("expert-pool-detail", args=[expert.pk]),
        },
    )


# Conflicts -----------------------------------------------------------------------------------------------------------


class ConflictForm(forms.Form):
    """The ministry names the expert and the cluster. An expert names a cluster or one of the entries assigned to
    them (by its title: the entry's code in a blind round, whose clusters are not offered by name)."""

    expert = forms.ModelChoiceField(label=gettext_lazy("Expert"), queryset=ExpertProfile.objects.none())
    entry = forms.ModelChoiceField(
        label=gettext_lazy("An entry assigned to me"), queryset=Submission.objects.none(), required=False
    )
    cluster = forms.ModelChoiceField(label=gettext_lazy("Cluster"), queryset=Cluster.objects.none())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)

    def __init__(self, *args, user, for_expert, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = declarable_clusters(named_only=for_expert).order_by("name")
        if for_expert:
            del self.fields["expert"]
            self.fields["entry"].queryset = declarable_entries(user)
            self.fields["entry"].label_from_instance = lambda entry: blind.entry_title(entry, user)
            self.fields["cluster"].required = False
            self.fields["cluster"].help_text = _("Or choose one of the entries assigned to you.")
        else:
            del self.fields["entry"]
            self.fields["expert"].queryset = ExpertProfile.objects.select_related("user").order_by("user__username")

    def clean(self):
        data = super().clean()
        if "entry" in self.fields and not self.errors:
            if bool(data.get("entry")) == bool(data.get("cluster")):
                raise ValidationError(_("Choose either one of your entries or a cluster."))
            if data.get("entry"):
                data["cluster"] = data["entry"].cluster
        return data


@login_required
def conflict_list(request):
    conflicts, viewer, sorting = conflicts_shown(request)
    page = Paginator(conflicts, PAGE_SIZE).get_page(request.GET.get("page"))
    name_conflicts(request.user, page.object_list, is_expert=viewer.is_expert)
    return render(
        request,
        "evaluations/review/conflict_list.html",
        {
            "page": page,
            "sorting": sorting,
            "is_expert": viewer.is_expert,
            "can_declare": request.user.has_perm("evaluations.declare_conflict"),
            "can_withdraw": request.user.has_perm("evaluations.withdraw_conflict"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict_add(request):
    _require(request, "evaluations.declare_conflict")
    viewer = Viewer.for_user(request.user)
    form = ConflictForm(request.POST or None, user=request.user, for_expert=viewer.is_expert)
    if request.method == "POST" and form.is_valid():
        expert = selectors.expert_profile_of(request.user) if viewer.is_expert else form.cleaned_data["expert"]
        try:
            review_services.conflict_declare(
                expert=expert, cluster=form.cleaned_data["cluster"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conflict of interest was declared."))
            return redirect("conflict-list")
    return render(
        request,
        "evaluations/review/conflict_form.html",
        {"form": form, "is_expert": viewer.is_expert},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict_withdraw(request, pk):
    declaration = get_object_or_404(ConflictDeclaration.objects.select_related("expert__user", "cluster"), pk=pk)
    _require(request, "evaluations.withdraw_conflict")
    if request.method == "POST":
        review_services.conflict_withdraw(declaration=declaration, by=request.user)
        messages.success(request, _("The declared conflict was withdrawn."))
        return redirect("conflict-list")
    return _confirm(
        request,
        title=_("Withdraw the conflict %(conflict)s?") % {"conflict": declaration},
        text=_("The automatic assignment may then give the expert this cluster's entries."),
        button=_("Withdraw"),
        back=reverse("conflict-list"),
        danger=True,
    )


# A round's assignments (the ministry) ---------------------------------------------------------------------------------


def _entry_to_review(request, pk):
    submission = get_object_or_404(Submission.objects.select_related("round__competition", "cluster"), pk=pk)
    _require(request, "evaluations.view_expert_pool")
    return submission


def _round_to_manage(request, pk, perm="evaluations.view_expert_pool"):
    round_ = get_object_or_404(Round.objects.select_related("competition"), pk=pk)
    _require(request, perm)
    return round_


@login_required
def round_assignments(request, pk):
    round_ = _round_to_manage(request, pk)
    entries, sorting = round_assignments_shown(request, round_)
    number = request.GET.get("page")
    page = CappedPaginator(entries, PAGE_SIZE, number=number).get_page(number)
    for entry in page.object_list:
        entry.round = round_
        entry.code = blind.entry_code(entry)  # what the experts of a blind round call it
    experts = list(
        ExpertProfile.objects.filter(is_eligible=True).select_related("user").order_by("user__username", "pk")
    )
    now = timezone.now()
    return render(
        request,
        "evaluations/review/round_assignments.html",
        {
            "round": round_,
            "page": page,
            "sorting": sorting,
            "experts": experts,
            "review_window": review_services.review_window_state(round_, now),
            "can_assign": request.user.has_perm("evaluations.change_assignments", round_),
            "frozen": round_frozen(round_),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_assign(request, pk):
    round_ = _round_to_manage(request, pk, "evaluations.assign_experts")
    if request.method == "POST":
        try:
            result = review_services.assign_automatically(round=round_, by=request.user)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(created)s assignments were made for %(entries)s eligible entries.")
                % {"created": result["created"], "entries": result["entries"]},
            )
            for row in result["unfilled"]:
                messages.warning(
                    request,
                    _("%(cluster)s has %(assigned)s of %(wanted)s experts: no other eligible expert is free.")
                    % {"cluster": row["cluster"], "assigned": row["assigned"], "wanted": result["experts_per_entry"]},
                )
        return redirect("round-assignments", pk=round_.pk)
    return _confirm(
        request,
        title=_("Assign experts to “%(round)s”?") % {"round": round_},
        text=_(
            "Every eligible entry gets %(n)s eligible experts without a conflict of interest, experts of the "
            "track's field first, the least loaded first. Existing assignments are kept; recused experts are replaced."
        )
        % {"n": round_.experts_per_entry},
        button=_("Assign"),
        back=reverse("round-assignments", args=[round_.pk]),
    )


@login_required
@require_POST
def assignment_add(request, pk):
    submission = get_object_or_404(Submission.objects.select_related("round"), pk=pk)
    _require(request, "evaluations.assign_experts")
    expert = ExpertProfile.objects.filter(pk=request.POST.get("expert") or None).first()
    if expert is None:
        messages.error(request, _("Choose an expert of the pool."))
    else:
        try:
            review_services.assignment_add(submission=submission, expert=expert, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(expert)s was assigned.") % {"expert": expert})
    return redirect("round-assignments", pk=submission.round_id)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_remove(request, pk):
    assignment = get_object_or_404(selectors.visible_assignments(), pk=pk)
    _require(request, "evaluations.assign_experts")
    back = reverse("round-assignments", args=[assignment.submission.round_id])
    if request.method == "POST":
        try:
            review_services.assignment_remove(assignment=assignment, by=request.user)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The assignment was removed."))
        return redirect(back)
    return _confirm(
        request,
        title=_("Remove %(expert)s from %(cluster)s?")
        % {"expert": assignment.expert, "cluster": assignment.submission.cluster.display_name},
        text=_("A draft review of this assignment is deleted with it."),
        button=_("Remove"),
        back=back,
        danger=True,
    )


@login_required
def entry_reviews(request, pk):
    submission = _entry_to_review(request, pk)
    criteria = review_services.expert_criteria(submission.round)
    reviews, sorting = entry_reviews_shown(request, submission)
    number = request.GET.get("page")
    page = CappedPaginator(reviews, PAGE_SIZE, number=number).get_page(number)
    for review in page.object_list:
        by_criterion = {score.criterion_id: score.score for score in review.scores.all()}
        review.row = [by_criterion.get(criterion.pk) for criterion in criteria]
    return render(
        request,
        "evaluations/review/entry_reviews.html",
        {
            "entry": submission,
            "criteria": criteria,
            "page": page,
            "sorting": sorting,
            "can_read_score_trail": request.user.has_perm("evaluations.view_review_changes"),
        },
    )


# The score trail (the ministry's) -------------------------------------------------------------------------------------


def _score_trail(request, context, **trail):
    changes, sorting = review_changes_shown(request, **trail)
    number = request.GET.get("page")
    page = CappedPaginator(changes, PAGE_SIZE, number=number).get_page(number)
    return render(request, "evaluations/review/review_changes.html", {"page": page, "sorting": sorting, **context})


@login_required
def review_changes(request, pk):
    """Every change of one review's scores and comments, newest first (paginated)."""
    review = get_object_or_404(
        Review.objects.select_related("assignment__expert__user", "assignment__submission__cluster"), pk=pk
    )
    context = {"review": review, "entry": review.assignment.submission}
    return _score_trail(request, context, review=review)


@login_required
def entry_review_changes(request, pk):
    """Every change of the scores and comments of an entry's reviews, newest first (paginated)."""
    submission = get_object_or_404(Submission.objects.select_related("round", "cluster"), pk=pk)
    return _score_trail(request, {"entry": submission}, submission=submission)


# The expert's side ---------------------------------------------------------------------------------------------------


@login_required
def my_assignments(request):
    # "open": the reviews still to write, the dashboard's work queue (the same selector); "all": every assignment.
    assignments, show, sorting = assignments_shown(request)
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for assignment in page.object_list:
        assignment.window = review_services.review_window_state(assignment.submission.round, now)
        assignment.title = blind.entry_title(assignment.submission, request.user)
    context = {"page": page, "show": show, "sorting": sorting}
    return render(request, "evaluations/review/my_assignments.html", context)


class RecusalForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


def _own_assignment(request, pk, perm):
    assignment = get_object_or_404(selectors.visible_assignments(), pk=pk)
    _require(request, perm, assignment)
    return assignment


@login_required
@require_http_methods(["GET", "POST"])
def assignment_recuse(request, pk):
    assignment = _own_assignment(request, pk, "evaluations.recuse_assignment")
    form = RecusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.assignment_recuse(
                assignment=assignment, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Refusal as exc:
            messages.error(request, exc.message)
            return redirect("review-form", pk=assignment.pk)
        else:
            messages.success(request, _("You recused yourself; the ministry will assign another expert."))
            return redirect("my-assignments")
    return render(
        request,
        "evaluations/review/recuse_form.html",
        {"assignment": assignment, "form": form, "title": blind.entry_title(assignment.submission, request.user)},
        status=400 if form.errors else 200,
    )


def _score_fields(criteria, review):
    scores = {score.criterion_id: score.score for score in review.scores.all()} if review else {}
    fields = {}
    for criterion in criteria:
        fields[f"score_{criterion.pk}"] = forms.DecimalField(
            label=criterion.display_name,
            min_value=0,
            max_value=criterion.max_score,
            decimal_places=2,
            required=False,
            initial=scores.get(criterion.pk),
            help_text=_("0 – %(max)s") % {"max": plain(criterion.max_score)},
        )
    return fields


class ReviewForm(forms.Form):
    comments = forms.CharField(
        label=gettext_lazy("Comments"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, criteria, review, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in _score_fields(criteria, review).items():
            self.fields[name] = field
        self.fields["comments"] = self.fields.pop("comments")  # after the scores
        self.criteria = criteria

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


@login_required
@require_http_methods(["GET", "POST"])
def review_form(request, pk):
    """The expert's review of an assigned entry: the entry read-only beside the score per expert criterion."""
    assignment = _own_assignment(request, pk, "evaluations.review_assignment")
    submission = assignment.submission
    criteria = review_services.expert_criteria(submission.round)
    review = Review.objects.filter(assignment=assignment).prefetch_related("scores").first()
    now = timezone.now()
    window = review_services.review_window_state(submission.round, now)
    frozen = round_frozen(submission.round)
    form = ReviewForm(
        request.POST or None,
        criteria=criteria,
        review=review,
        initial={"comments": review.comments if review else ""},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                review_services.review_save(
                    assignment=assignment,
                    scores=form.scores(),
                    comments=form.cleaned_data["comments"],
                    submit=submit,
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except Refusal as exc:
                add_service_errors(form, exc)
                status = 409
            else:
                messages.success(request, _("Your review was submitted.") if submit else _("Your draft was saved."))
                return redirect("review-form", pk=assignment.pk)
        if form.errors and status == 200:
            status = 400
    shown = blind.entry_for_expert(submission=submission, user=request.user)
    claims = ClaimedValue.objects.filter(submission=submission).select_related("criterion__indicator")
    claims = blind.claims_for_expert(
        submission=submission, claims=claims.order_by("criterion__position", "pk"), shown=shown
    )
    return render(
        request,
        "evaluations/review/review_form.html",
        {
            "assignment": assignment,
            "entry": submission,
            "round": submission.round,
            "shown": shown,
            "sections": [(label, shown["sections"].get(key, "")) for key, label in _section_labels()],
            "claims": claims,
            "review": review,
            "form": form,
            "window": window,
            "frozen": frozen,
            "editable": window == "open" and assignment.status == Assignment.Status.ASSIGNED and not frozen,
        },
        status=status,
    )


def _section_labels():
    from evaluations.models import SECTIONS

    return [(key, label) for key, label, _help in SECTIONS]
