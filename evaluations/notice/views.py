"""Pages of the decision: the public notices of the proposed winners (anyone reads them and lodges an objection
while one is open, rate-limited), the final result page, the ministry's drafting, publishing and finalising (each
after a confirmation) and its objection handling, and "My results" where a promotion body reads its own entries'
results and score breakdowns once the final result is published."""

import copy

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from evaluations.models import Criterion, EvaluationRun, Objection, PublicNotice
from evaluations.notice import feedback, selectors
from evaluations.notice import services as notice_services
from evaluations.notice import winners as notice_winners
from evaluations.notice.tables import MY_RESULT_SORTS, NOTICE_SORTS, OBJECTION_SORTS
from tenancy.errors import Refusal
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.visibility import Viewer

PAGE_SIZE = 25


# Forms (they parse the input; the rules are the services') -------------------------------------------------------


class NoticeForm(forms.Form):
    run = forms.ModelChoiceField(
        label=gettext_lazy("Evaluation run"),
        queryset=EvaluationRun.objects.none(),
        help_text=gettext_lazy("A succeeded run: its results that advance are the proposed winners."),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("English title"), max_length=300, required=False)
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False)

    def __init__(self, *args, edit=False, **kwargs):
        super().__init__(*args, **kwargs)
        if edit:
            del self.fields["run"]
        else:
            self.fields["run"].queryset = (
                EvaluationRun.objects.filter(status=EvaluationRun.Status.SUCCEEDED, notice__isnull=True)
                .select_related("round__competition")
                .order_by("-created", "-pk")
            )
            self.fields["run"].label_from_instance = lambda run: (
                f"#{run.pk} · {run.round.competition} · {run.round} · {timezone.localtime(run.created):%Y-%m-%d %H:%M}"
            )


class PublishForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Notice period (days)"),
        min_value=1,
        max_value=notice_services.MAX_NOTICE_DAYS,
        initial=notice_services.DEFAULT_NOTICE_DAYS,
    )


class ObjectionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name or organisation"), max_length=100)
    contact = forms.CharField(
        label=gettext_lazy("Contact (telephone or e-mail)"),
        max_length=200,
        help_text=gettext_lazy("The ministry answers you here; nobody else sees it."),
    )
    submission = forms.TypedChoiceField(
        label=gettext_lazy("Entry objected to"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(
        label=gettext_lazy("Objection"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": notice_services.OBJECTION_MAX_CHARS}),
        max_length=notice_services.OBJECTION_MAX_CHARS,
        help_text=gettext_lazy("What you object to and why, with the facts you know (10 to 5,000 characters)."),
    )

    def __init__(self, *args, winners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].choices = [("", _("(the notice as a whole)"))] + [
            (w.submission_id, f"{w.track.field.display_name} · {w.submission.cluster.display_name}") for w in winners
        ]


class HandleForm(forms.Form):
    handling = forms.CharField(
        label=gettext_lazy("How it was handled"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer to the objector"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class ObjectionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=[("", gettext_lazy("All"))] + Objection.Status.choices, required=False
    )
    notice = forms.TypedChoiceField(
        label=pgettext_lazy("public notice", "Notice"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, notices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice"].choices = [("", _("All"))] + [(n.pk, n.title) for n in notices]


def _can_write(request):
    return request.user.has_perm("evaluations.change_publicnotice")


def _notice(pk):
    return get_object_or_404(selectors.visible_notices(), pk=pk)


def _notice_to_write(request, pk):
    notice = _notice(pk)
    if not _can_write(request):
        raise PermissionDenied
    return notice


def _winners_by_track(winners):
    tracks = {}
    for winner in winners:
        tracks.setdefault(winner.track_id, {"track": winner.track, "winners": []})["winners"].append(winner)
    return list(tracks.values())


# Public pages ----------------------------------------------------------------------------------------------------


def notices_shown(request):
    """The notices the viewer may read in the request's sort (every page; the export reads it too), and the
    sorting."""
    sorting = NOTICE_SORTS.read(request)
    return sorting.apply(selectors.visible_notices()), sorting


def notice_list(request):
    """Open notices first, then past ones; the ministry sees its drafts too."""
    now = timezone.now()
    notices, sorting = notices_shown(request)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    for notice in page.object_list:
        notice.state = notice_services.notice_state(notice, now)
    return render(
        request,
        "evaluations/notice/notice_list.html",
        {
            "page": page,
            "sorting": sorting,
            "can_write": _can_write(request),
            "is_ministry": Viewer.for_user(request.user).is_national,
        },
    )


def _detail_context(request, notice, form=None):
    now = timezone.now()
    winners = list(selectors.notice_winners(notice=notice))
    notice.state = notice_services.notice_state(notice, now)
    is_open = notice_services.notice_is_open(notice, now)
    if form is None and is_open:
        form = ObjectionForm(winners=winners)
    return {
        "notice": notice,
        "tracks": _winners_by_track(winners),
        "is_open": is_open,
        "form": form,
        "can_write": _can_write(request),
        "is_ministry": Viewer.for_user(request.user).is_national,
    }


def notice_detail(request, pk):
    notice = _notice(pk)
    return render(request, "evaluations/notice/notice_detail.html", _detail_context(request, notice))


@require_http_methods(["GET", "POST"])
def objection_lodge(request, pk):
    """The objection form of an open notice (also shown on the notice's page): anyone may lodge, rate-limited."""
    notice = _notice(pk)
    winners = list(selectors.notice_winners(notice=notice))
    form = ObjectionForm(request.POST or None, winners=winners)
    status = 200
    if request.method == "POST":
        if (refusal := notice_services.notice_refusal(notice, "object")) is not None:
            form.add_error(None, refusal.message)
            status = 409
        elif form.is_valid():
            data = form.cleaned_data
            try:
                objection = notice_services.objection_lodge_limited(
                    notice=notice,
                    address=notice_services.client_address(request),
                    user=request.user,
                    name=data["name"],
                    contact=data["contact"],
                    text=data["text"],
                    submission=data["submission"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            except Refusal as exc:
                add_service_errors(form, exc)
                status = 429 if exc.code == "rate_limited" else 409
            else:
                messages.success(
                    request,
                    _(
                        "Your objection was received (number %(number)s). The ministry will answer you at "
                        "%(contact)s; it is not shown to anyone else."
                    )
                    % {"number": objection.pk, "contact": objection.contact},
                )
                return redirect("notice-detail", pk=notice.pk)
        else:
            status = 400
    if request.method == "GET" and not notice_services.notice_is_open(notice):
        return redirect("notice-detail", pk=notice.pk)
    context = _detail_context(request, notice, form=form)
    return render(request, "evaluations/notice/notice_detail.html", context, status=status)


def notice_result(request, pk):
    """The final result: the winners per track, once the ministry has published it."""
    notice = _notice(pk)
    if notice.status != PublicNotice.Status.FINAL:
        return render(
            request,
            "evaluations/notice/result_pending.html",
            {"notice": notice},
            status=404,
        )
    winners = list(selectors.notice_winners(notice=notice))
    return render(
        request,
        "evaluations/notice/notice_result.html",
        {
            "notice": notice,
            "tracks": _winners_by_track(winners),
            "last_round": notice_winners.is_last_round(notice.run.round),
            "designated": len(selectors.notice_designations(notice=notice)),
        },
    )


# The ministry: drafting, publishing, finalising -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notice_add(request):
    if not _can_write(request):
        raise PermissionDenied
    initial = {"run": request.GET.get("run")} if request.GET.get("run") else None
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = notice_services.notice_create(
                run=data["run"], by=request.user, title=data["title"], title_en=data["title_en"], body=data["body"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The notice was drafted. Check it, then publish it."))
            return redirect("notice-detail", pk=notice.pk)
    return render(
        request,
        "evaluations/notice/notice_form.html",
        {"form": form, "notice": None, "title": _("Draft a public notice")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request, pk):
    notice = _notice_to_write(request, pk)
    refusal = notice_services.notice_refusal(notice, "change")
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect("notice-detail", pk=notice.pk)
    initial = {"title": notice.title, "title_en": notice.title_en, "body": notice.body}
    form = NoticeForm(request.POST or None, initial=initial, edit=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice_services.notice_update(
                notice=notice, by=request.user, title=data["title"], title_en=data["title_en"], body=data["body"]
            )
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The notice was saved."))
            return redirect("notice-detail", pk=notice.pk)
    return render(
        request,
        "evaluations/notice/notice_form.html",
        {"form": form, "notice": notice, "title": _("Edit the notice")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_publish(request, pk):
    notice = _notice_to_write(request, pk)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice_services.notice_publish(notice=notice, by=request.user, days=form.cleaned_data["days"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Refusal as exc:
            messages.error(request, exc.message)
            return redirect("notice-detail", pk=notice.pk)
        else:
            messages.success(request, _("The notice is published and open for objections."))
            return redirect("notice-detail", pk=notice.pk)
    return render(
        request,
        "evaluations/notice/confirm.html",
        {
            "title": _("Publish “%(title)s”?") % {"title": notice.title},
            "text": _(
                "Anyone will read the proposed winners and may lodge an objection until the notice closes; the "
                "promotion bodies of the run's entries are notified. A published notice can no longer be edited."
            ),
            "form": form,
            "button": _("Publish"),
            "back": reverse("notice-detail", args=[notice.pk]),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_finalise(request, pk):
    notice = _notice_to_write(request, pk)
    if request.method == "POST":
        try:
            notice_services.notice_finalise(notice=notice, by=request.user)
        except Refusal as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The final result is published."))
            return redirect("notice-result", pk=notice.pk)
        return redirect("notice-detail", pk=notice.pk)
    return render(
        request,
        "evaluations/notice/confirm.html",
        {
            "title": _("Publish the final result of “%(title)s”?") % {"title": notice.title},
            "text": _(
                "The winners become the final result on a public page, and each promotion body reads its own entries' "
                "results and score breakdowns. This cannot be undone."
            ),
            "button": _("Publish the final result"),
            "danger": True,
            "back": reverse("notice-detail", args=[notice.pk]),
        },
    )


@login_required
def notice_history(request, pk):
    notice = _notice(pk)
    if not request.user.has_perm("evaluations.view_notice_history"):
        raise PermissionDenied
    return render(
        request,
        "history.html",
        {"object": notice, "entries": history_entries(notice), "back_url": "notice-detail", "back_pk": pk},
    )


# The ministry: objections ----------------------------------------------------------------------------------------


def _require_objection_reader(request):
    if not request.user.has_perm("evaluations.view_objections"):
        raise PermissionDenied


def objections_shown(request):
    """The objections for the request's filters (every page; the export reads it too), and the filter form."""
    _require_objection_reader(request)
    notices = list(PublicNotice.objects.exclude(status=PublicNotice.Status.DRAFT).order_by("-opens", "-pk"))
    form = ObjectionFilterForm(request.GET or None, notices=notices)
    objections = selectors.visible_objections()
    if form.is_valid():
        if form.cleaned_data.get("status"):
            objections = objections.filter(status=form.cleaned_data["status"])
        if form.cleaned_data.get("notice"):
            objections = objections.filter(notice_id=form.cleaned_data["notice"])
    return OBJECTION_SORTS.read(request).apply(objections), form


@login_required
def objection_list(request):
    objections, form = objections_shown(request)
    page = Paginator(objections, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "sorting": OBJECTION_SORTS.read(request)}
    return render(request, "evaluations/notice/objection_list.html", context)


def _objection(request, pk):
    objection = get_object_or_404(selectors.visible_objections(), pk=pk)  # only the ministry reads objections
    _require_objection_reader(request)
    return objection


@login_required
def objection_detail(request, pk):
    objection = _objection(request, pk)
    can_handle = request.user.has_perm("evaluations.handle_objection") and objection.status == Objection.Status.LODGED
    return render(
        request,
        "evaluations/notice/objection_detail.html",
        {"objection": objection, "form": HandleForm() if can_handle else None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection_handle(request, pk):
    objection = _objection(request, pk)
    if not request.user.has_perm("evaluations.handle_objection"):
        raise PermissionDenied
    form = HandleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                notice_services.objection_handle(objection=objection, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            except Refusal as exc:
                messages.error(request, exc.message)
                return redirect("objection-detail", pk=objection.pk)
            else:
                messages.success(request, _("The handling and the answer were recorded."))
                return redirect("objection-detail", pk=objection.pk)
        else:
            status = 400
    return render(
        request, "evaluations/notice/objection_detail.html", {"objection": objection, "form": form}, status=status
    )


@login_required
def objection_history(request, pk):
    objection = _objection(request, pk)
    return render(
        request,
        "history.html",
        {"object": objection, "entries": history_entries(objection), "back_url": "objection-detail", "back_pk": pk},
    )


# My results --------------------------------------------------------------------------------------------------------


@login_required
def my_result_list(request):
    """The published results the viewer may read: a promotion body its own clusters' entries, a local government
    the clusters in its jurisdiction, the ministry all."""
    results, sorting = my_results_shown(request)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluations/notice/my_result_list.html",
        {"page": page, "sorting": sorting},
    )


def my_results_shown(request):
    """The published results the viewer may read in the request's sort (every page; the export reads it too), and
    the sorting."""
    sorting = MY_RESULT_SORTS.read(request)
    return sorting.apply(selectors.published_results()), sorting


def _breakdown_for(request, result):
    """The breakdown the viewer may read (experts numbered for anyone but the ministry), criteria by name."""
    if Viewer.for_user(request.user).reads_everything:
        breakdown = copy.deepcopy(result.breakdown)
    else:
        breakdown = notice_services.breakdown_for_entrant(result.breakdown)
    rows = breakdown.get("criteria") if isinstance(breakdown, dict) else None
    if isinstance(rows, list):
        names = {c.pk: c.display_name for c in Criterion.objects.filter(round_id=result.run.round_id)}
        for row in rows:
            if isinstance(row, dict) and row.get("criterion") in names:
                row["criterion"] = names[row["criterion"]]
    return breakdown


FACT_LABELS = {
    "kind": gettext_lazy("Kind"),
    "weight": gettext_lazy("Weight"),
    "max_score": gettext_lazy("Maximum score"),
    "claim": gettext_lazy("Claimed value"),
    "min": gettext_lazy("Lowest in the track"),
    "max": gettext_lazy("Highest in the track"),
    "source": gettext_lazy("Reference range"),
    "floor": gettext_lazy("Range floor"),
    "ceiling": gettext_lazy("Range ceiling"),
    "reference_year": gettext_lazy("Year"),
    "trimmed_low": gettext_lazy("Dropped as the lowest"),
    "trimmed_high": gettext_lazy("Dropped as the highest"),
    "trimmed_mean": gettext_lazy("Trimmed mean"),
    "score": gettext_lazy("Score"),
    "contribution": gettext_lazy("Contribution to the total"),
}
PER_EXPERT = ("raw", "z", "normalised")


def _criterion_view(row: dict) -> dict:
    """One criterion of a breakdown for the page: its facts, and a row per expert (raw, z, normalised)."""
    experts = row.get("experts")
    per_expert = []
    if isinstance(experts, list):
        for index, expert in enumerate(experts):
            if isinstance(expert, dict):
                per_expert.append([expert.get("expert", index + 1), *(expert.get(key) for key in PER_EXPERT)])
            else:
                values = [
                    row[key][index] if isinstance(row.get(key), list) and index < len(row[key]) else None
                    for key in PER_EXPERT
                ]
                per_expert.append([expert, *values])
    skipped = {"criterion", "experts", *PER_EXPERT}
    facts = [
        (FACT_LABELS.get(key, key), value)
        for key, value in row.items()
        if key not in skipped and not isinstance(value, dict | list) and key != "higher_is_better"
    ]
    return {"name": row.get("criterion"), "facts": facts, "experts": per_expert}


@login_required
def my_result_detail(request, pk):
    """A published result with its score breakdown and, for the entrant, the experts' written comments (experts
    numbered as in the breakdown, never named)."""
    result = get_object_or_404(selectors.published_results(), pk=pk)
    breakdown = _breakdown_for(request, result)
    criteria, other = [], breakdown
    if isinstance(breakdown, dict) and isinstance(breakdown.get("criteria"), list):
        criteria = [_criterion_view(row) for row in breakdown["criteria"] if isinstance(row, dict)]
        other = {key: value for key, value in breakdown.items() if key != "criteria"}
    comments = None
    if request.user.has_perm("evaluations.read_result_comments", result):
        comments = feedback.result_comments(result=result)
    return render(
        request,
        "evaluations/notice/my_result_detail.html",
        {
            "result": result,
            "criteria": criteria,
            "rows": notice_services.breakdown_rows(other),
            "comments": comments,
        },
    )
