"""Pages of cultivation plans: the list (filters, search, Excel export), a plan (targets' progress, key tasks,
versions, audit trail, transition buttons), create and edit forms with formsets, the workflow's confirmation
pages, a frozen version, the diff of two versions, and the plan-versus-actual summaries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from clusters.models import Cluster
from policies.models import CultivationPlan, PlanTransition
from policies.plans import selectors, services
from policies.plans.forms import KeyTaskFormSet, PlanForm, PlanTargetFormSet, TransitionForm, local_governments
from policies.plans.progress import RULE, Status, status_counts
from policies.plans.tables import PLAN_SORTS
from policies.plans.versions import diff, format_decimal
from tenancy.errors import Refusal
from tenancy.filters import BIGINT, read_id, read_number
from tenancy.forms import add_service_errors
from tenancy.history import history_entries
from tenancy.models import Organisation, Region
from tenancy.visibility import Viewer

PAGE_SIZE = 25


def _require_plans(request):
    if not request.user.has_perm("policies.view_plans"):
        raise PermissionDenied


def _plan(pk):
    return get_object_or_404(selectors.plan_for_detail(), pk=pk)


def _status_choices():
    return CultivationPlan.Status.choices


def _labelled(counts: dict, choices) -> list[tuple]:
    return [(value, label, counts.get(value, 0)) for value, label in choices]


def _progress_labelled(counts: dict) -> list[tuple]:
    return [(key, Status.LABELS[key], Status.BADGES[key], counts.get(key, 0)) for key in Status.ORDER]


# The list -------------------------------------------------------------------------------------------------------


def _filtered_plans(request):
    status = request.GET.get("status", "")
    if status not in CultivationPlan.Status.values:
        status = ""
    cluster_id = read_id(request.GET.get("cluster"))
    province = request.GET.get("province", "")
    province = province if province and Region.objects.filter(code=province, level="province").exists() else ""
    query = request.GET.get("q", "").strip()
    plans = selectors.filter_plans(
        selectors.visible_plans(),
        status=status,
        cluster=cluster_id,
        province=province or None,
        query=query,
    )
    filters = {"status": status, "cluster": cluster_id, "province": province, "query": query}
    return plans, filters


@login_required
@require_safe
def plan_list(request):
    _require_plans(request)
    plans, filters = _filtered_plans(request)
    sorting = PLAN_SORTS.read(request)
    page = Paginator(sorting.apply(plans), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/plans/plan_list.html",
        {
            "page": page,
            "sorting": sorting,
            "filters": filters,
            "filtered": any(filters.values()),
            "statuses": _status_choices(),
            "clusters": Cluster.objects.order_by("name").only("id", "name", "name_en"),
            "provinces": Region.objects.filter(level="province"),
            "can_add": request.user.has_perm("policies.add_cultivationplan"),
        },
    )


# A plan ---------------------------------------------------------------------------------------------------------


@login_required
@require_safe
def plan_detail(request, pk):
    plan = _plan(pk)
    user = request.user
    progress = selectors.plan_progress(plan)
    transitions = list(selectors.plan_transitions(plan))
    versions = list(selectors.plan_versions(plan))
    last_return = next((t for t in reversed(transitions) if t.action == PlanTransition.Action.RETURN), None)

    def offered(perm, step):
        """A button shows when the rule lets the user act and the plan's state allows the step."""
        return user.has_perm(perm, plan) and services.plan_refusal(plan, step) is None

    return render(
        request,
        "policies/plans/plan_detail.html",
        {
            "plan": plan,
            "owners": list(plan.owners.all()),
            "tasks": selectors.plan_tasks(plan),
            "progress": progress,
            "progress_counts": _progress_labelled(status_counts(progress)),
            "charts": {
                str(item.target.pk): {
                    **item.chart(),
                    "name": item.target.indicator.display_name,
                    "unit": item.target.indicator.unit,
                }
                for item in progress
            },
            "chart_labels": {"planned": _("Planned path"), "observed": _("Observed")},
            "rule": RULE,
            "transitions": transitions,
            "versions": versions,
            "last_return": last_return if plan.status == CultivationPlan.Status.RETURNED else None,
            "can_edit": offered("policies.change_cultivationplan", "change"),
            "can_submit": offered("policies.submit_cultivationplan", "submit"),
            "resubmit": plan.status == CultivationPlan.Status.RETURNED,
            "can_decide": offered("policies.decide_cultivationplan", "approve"),
            "can_delete": offered("policies.delete_cultivationplan", "delete"),
        },
    )


@login_required
@require_safe
def plan_history(request, pk):
    plan = _plan(pk)
    return render(
        request,
        "history.html",
        {"object": plan, "entries": history_entries(plan), "back_url": "plan-detail", "back_pk": plan.pk},
    )


@login_required
@require_safe
def plan_version(request, pk, number):
    plan = _plan(pk)
    version = selectors.plan_version(plan, number)
    if version is None:
        raise Http404
    numbers = [v.number for v in selectors.plan_versions(plan)]
    return render(
        request,
        "policies/plans/plan_version.html",
        {"plan": plan, "version": version, "snapshot": version.snapshot, "numbers": numbers},
    )


def _version_number(value, default):
    number = read_number(value, 1, BIGINT)
    return default if number is None else number


@login_required
@require_safe
def plan_diff(request, pk):
    """Two versions side by side (default: the latest against the one before it)."""
    plan = _plan(pk)
    versions = {v.number: v for v in selectors.plan_versions(plan)}
    numbers = sorted(versions)
    context = {"plan": plan, "numbers": numbers, "result": None}
    if len(numbers) >= 2:
        new = _version_number(request.GET.get("to"), numbers[-1])
        old = _version_number(request.GET.get("from"), numbers[-2] if new == numbers[-1] else new - 1)
        if old not in versions or new not in versions:
            raise Http404
        context.update(
            old=versions[old],
            new=versions[new],
            result=diff(versions[old].snapshot, versions[new].snapshot),
        )
    return render(request, "policies/plans/plan_diff.html", context)


# Create and edit ------------------------------------------------------------------------------------------------


def _service_errors(form, task_forms, target_forms, exc: ValidationError | Refusal):
    """Put the service's errors on the fields they concern (rows: `tasks.<i>.<field>`, `targets.<i>.<field>`); a
    refusal on the form as a whole."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        rows = {"tasks": task_forms, "targets": target_forms}
        rest = {}
        for key, errors in exc.message_dict.items():
            head, _sep, tail = key.partition(".")
            index, _sep, field = tail.partition(".")
            if head in rows and index.isdigit() and int(index) < len(rows[head]):
                add_service_errors(rows[head][int(index)], ValidationError({field or NON_FIELD_ERRORS: errors}))
            else:
                rest[key] = errors
        exc = ValidationError(rest)
    add_service_errors(form, exc, rename={"owners": "co_owners"})


def _rows(formset, fields):
    """The formset's rows: the existing ones unless marked for removal, and the blank rows that were filled in;
    with their forms."""
    rows, forms = [], []
    existing = formset.initial_form_count()
    for index, row_form in enumerate(formset.forms):
        if index >= existing and not row_form.has_changed():
            continue
        if formset.can_delete and row_form.cleaned_data.get("DELETE"):
            continue
        rows.append({name: row_form.cleaned_data.get(name) for name in fields})
        forms.append(row_form)
    return rows, forms


def _initial_tasks(plan):
    return [
        {"id": task.pk, "task": task.task, "department": task.department, "deadline": task.deadline}
        for task in selectors.plan_tasks(plan)
    ]


def _initial_targets(plan):
    return [
        {
            "indicator": target.indicator.code,
            "baseline_year": target.baseline_year,
            "baseline_value": format_decimal(target.baseline_value),
            "target_year": target.target_year,
            "target_value": format_decimal(target.target_value),
        }
        for target in selectors.plan_targets(plan)
    ]


def _plan_form_page(request, *, plan=None):
    viewer = Viewer.for_user(request.user)
    own = Organisation.objects.select_related("region").get(pk=viewer.organisation_id)
    co_owners = local_governments().exclude(pk=own.pk).select_related("region")
    posted = request.method == "POST"
    if plan is None:
        initial = {}
        if cluster_id := read_id(request.GET.get("cluster")):
            initial["cluster"] = cluster_id
        task_initial, target_initial = [], []
    else:
        initial = {name: getattr(plan, name) for name in CultivationPlan.TEXT_FIELDS}
        initial["co_owners"] = [pk for pk in plan.owner_ids if pk != own.pk]
        initial["key_chain_links"] = list(plan.key_chain_links.values_list("pk", flat=True))
        task_initial, target_initial = _initial_tasks(plan), _initial_targets(plan)
    form = PlanForm(
        request.POST if posted else None,
        initial=initial,
        clusters=selectors.plan_clusters_for(viewer) if plan is None else Cluster.objects.filter(pk=plan.cluster_id),
        co_owners=co_owners,
        with_cluster=plan is None,
    )
    task_formset = KeyTaskFormSet(request.POST if posted else None, initial=task_initial, prefix="tasks")
    target_formset = PlanTargetFormSet(request.POST if posted else None, initial=target_initial, prefix="targets")
    if posted and form.is_valid() and task_formset.is_valid() and target_formset.is_valid():
        tasks, task_forms = _rows(task_formset, ("id", "task", "department", "deadline"))
        targets, target_forms = _rows(
            target_formset, ("indicator", "baseline_year", "baseline_value", "target_year", "target_value")
        )
        data = form.cleaned_data
        fields = {name: data[name] for name in CultivationPlan.TEXT_FIELDS}
        owners = [own, *data["co_owners"]]
        changes = {"owners": owners, "tasks": tasks, "targets": targets, "key_chain_links": data["key_chain_links"]}
        changes.update(fields)
        try:
            if plan is None:
                saved = services.plan_create(by=request.user, cluster=data["cluster"], **changes)
            else:
                saved = services.plan_update(plan=plan, by=request.user, **changes)
        except (ValidationError, Refusal) as exc:
            _service_errors(form, task_forms, target_forms, exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("plan-detail", pk=saved.pk)
    has_errors = bool(form.errors or task_formset.total_error_count() or target_formset.total_error_count())
    return render(
        request,
        "policies/plans/plan_form.html",
        {
            "form": form,
            "task_formset": task_formset,
            "target_formset": target_formset,
            "plan": plan,
            "title": _("Edit the plan") if plan else _("File a cultivation plan"),
        },
        status=400 if posted and has_errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_add(request):
    if not request.user.has_perm("policies.add_cultivationplan"):
        raise PermissionDenied
    return _plan_form_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = _plan(pk)
    if refused := _refused(request, plan, "change", "policies.change_cultivationplan"):
        return refused
    return _plan_form_page(request, plan=plan)


def _refused(request, plan, step, perm=None):
    """Who may act is the rule's (else 403); when the plan's state refuses `step` (the service's check, a 409 in
    the API), its message on the plan's page."""
    if perm is not None and not request.user.has_perm(perm, plan):
        raise PermissionDenied
    refusal = services.plan_refusal(plan, step)
    if refusal is None:
        return None
    messages.error(request, refusal.message)
    return redirect("plan-detail", pk=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request, pk):
    """GET asks for confirmation; POST deletes a draft that was never submitted."""
    plan = _plan(pk)
    if refused := _refused(request, plan, "delete", "policies.delete_cultivationplan"):
        return refused
    if request.method == "POST":
        services.plan_delete(plan=plan, by=request.user)
        messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": plan.title})
        return redirect("plan-list")
    return render(request, "policies/plans/plan_confirm_delete.html", {"plan": plan})


# The workflow ---------------------------------------------------------------------------------------------------

TRANSITIONS = {
    "submit": {
        "perm": "policies.submit_cultivationplan",
        "service": services.plan_submit,
        "comment_required": False,
    },
    "approve": {
        "perm": "policies.decide_cultivationplan",
        "service": services.plan_approve,
        "comment_required": False,
    },
    "return": {
        "perm": "policies.decide_cultivationplan",
        "service": services.plan_return,
        "comment_required": True,
    },
}


def _transition_texts(action, plan):
    resubmit = plan.status == CultivationPlan.Status.RETURNED
    return {
        "submit": {
            "title": _("Resubmit the plan") if resubmit else _("Submit the plan"),
            "explanation": _(
                "The plan is frozen as version %(number)d and sent to the ministry. It stays read-only until the "
                "ministry returns it."
            )
            % {"number": plan.version + 1},
            "button": _("Resubmit") if resubmit else _("Submit"),
            "done": _("The plan was submitted as version %(number)d."),
        },
        "approve": {
            "title": _("Approve the plan"),
            "explanation": _("Version %(number)d is approved; the owners and the promotion body are notified.")
            % {"number": plan.version},
            "button": _("Approve"),
            "done": _("Version %(number)d of the plan was approved."),
        },
        "return": {
            "title": _("Return the plan with comments"),
            "explanation": _(
                "The owners are notified with your comments and may edit the plan and resubmit it as a new version."
            ),
            "button": _("Return"),
            "done": _("The plan was returned with your comments."),
        },
    }[action]


@login_required
@require_http_methods(["GET", "POST"])
def plan_transition(request, pk, action):
    """GET asks for confirmation (with a comment; returning needs one); POST makes the transition."""
    plan = _plan(pk)
    spec = TRANSITIONS[action]
    if not request.user.has_perm(spec["perm"], plan):
        raise PermissionDenied
    if request.method == "GET" and (refused := _refused(request, plan, action)):
        return refused  # a POST goes to the service, which refuses it the same way
    texts = _transition_texts(action, plan)
    posted = request.method == "POST"
    form = TransitionForm(request.POST if posted else None, comment_required=spec["comment_required"])
    if posted and form.is_valid():
        try:
            done = spec["service"](plan=plan, by=request.user, comment=form.cleaned_data["comment"])
        except (ValidationError, Refusal) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, texts["done"] % {"number": done.version})
            return redirect("plan-detail", pk=plan.pk)
    return render(
        request,
        "policies/plans/plan_transition.html",
        {"plan": plan, "form": form, "action": action, "texts": texts},
        status=400 if request.method == "POST" else 200,
    )


# Plan versus actual: summaries ----------------------------------------------------------------------------------


@login_required
@require_safe
def plan_summary(request):
    """The viewer's own summary: the ministry's national one, a local government's own."""
    viewer = Viewer.for_user(request.user)
    if viewer.is_national:
        return redirect("plan-summary-national")
    if viewer.is_local:
        return redirect("plan-summary-local", org_pk=viewer.organisation_id)
    raise PermissionDenied


@login_required
@require_safe
def plan_summary_national(request):
    if not request.user.has_perm("policies.view_plan_summary_national"):
        raise PermissionDenied
    summary = selectors.national_summary()
    codes = [row["code"] for row in summary["rows"]]
    governments = {
        org.region_id: org
        for org in Organisation.objects.filter(kind=Organisation.Kind.LOCAL, region_id__in=codes).order_by("-pk")
    }
    for row in summary["rows"]:
        row["government"] = governments.get(row["code"])
        row["status_list"] = _labelled(row["status_counts"], _status_choices())
        row["progress_list"] = _progress_labelled(row["progress_counts"])
    return render(
        request,
        "policies/plans/plan_summary_national.html",
        {
            "summary": summary,
            "statuses": _status_choices(),
            "status_totals": _labelled(summary["status_counts"], _status_choices()),
            "progress_totals": _progress_labelled(summary["progress_counts"]),
            "progress_labels": [(key, Status.LABELS[key], Status.BADGES[key]) for key in Status.ORDER],
            "rule": RULE,
        },
    )


@login_required
@require_safe
def plan_summary_local(request, org_pk):
    """A local government's plans and their progress: for that government and the ministry (others: 404)."""
    viewer = Viewer.for_user(request.user)
    organisation = get_object_or_404(Organisation.objects.select_related("region"), pk=org_pk, kind="local")
    if not (viewer.is_national or (viewer.is_local and viewer.organisation_id == organisation.pk)):
        raise Http404
    summary = selectors.local_summary(organisation=organisation)
    for row in summary["rows"]:
        row["progress_list"] = _progress_labelled(row["counts"])
    return render(
        request,
        "policies/plans/plan_summary_local.html",
        {
            "organisation": organisation,
            "summary": summary,
            "status_totals": _labelled(summary["status_counts"], _status_choices()),
            "progress_totals": _progress_labelled(summary["progress_counts"]),
            "rule": RULE,
        },
    )
