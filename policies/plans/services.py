"""Writes of cultivation plans: create, edit, delete a draft, and the workflow's transitions.

Every write checks who may make it (the `policies.*_cultivationplan` rules of policies/rules.py) and what state
the plan is in; a refusal changes nothing. Transitions lock the plan row first (SELECT … FOR UPDATE), so two
concurrent transitions of one plan cannot both succeed: the second sees the first one's result.

Errors are Django ValidationErrors keyed by field; rows of key tasks and targets are keyed
`tasks.<index>.<field>` and `targets.<index>.<field>` (index from 0, in the order given).
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import update_change_reason

from clusters.models import ClusterRegion, Indicator
from clusters.observations.services import count_error
from policies.models import CultivationPlan, KeyTask, PlanTarget, PlanTransition, PlanVersion
from policies.plans.selectors import governs_any
from policies.plans.versions import snapshot
from tenancy.errors import Refusal
from tenancy.models import Organisation
from tenancy.notifications.services import notify
from tenancy.scoping import unscoped
from tenancy.visibility import Viewer

FIRST_YEAR, LAST_YEAR = 2000, 2100
BASELINE_BEFORE_PERIOD = 5  # a baseline year lies in the period's first year or up to this many years before it
TARGET_AFTER_PERIOD = 5  # a target year lies in the period or up to this many years after it
TEXT_FIELDS = ("title", "overall_thinking", "stage_point", "stage_line", "stage_surface", "stage_network")
Status = CultivationPlan.Status


# Validation --------------------------------------------------------------------------------------------------------


def _add(errors, key, message):
    errors.setdefault(key, []).append(message)


def _year(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _validate_fields(fields, errors):
    title = (fields.get("title") or "").strip()
    if not title:
        _add(errors, "title", _("Give the plan a title."))
    elif len(title) > CultivationPlan._meta.get_field("title").max_length:
        _add(errors, "title", _("At most 200 characters."))
    start, end = _year(fields.get("period_start")), _year(fields.get("period_end"))
    for key, year in (("period_start", start), ("period_end", end)):
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            _add(
                errors,
                key,
                _("Enter a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
    if start is not None and end is not None and end < start and "period_end" not in errors:
        _add(errors, "period_end", _("The period cannot end before it starts."))
    return start, end


def _validate_owners(*, viewer, cluster, owners, errors):
    owners = list(owners)
    if not owners:
        _add(errors, "owners", _("A plan has at least one owning local government."))
        return owners
    if viewer.organisation_id not in {owner.pk for owner in owners}:
        _add(errors, "owners", _("Your organisation must be one of the owners."))
    codes = list(ClusterRegion.objects.filter(cluster=cluster).values_list("region_id", flat=True))
    for owner in owners:
        if owner.kind != Organisation.Kind.LOCAL:
            _add(errors, "owners", _("%(name)s is not a local government.") % {"name": owner.display_name})
        elif not governs_any(owner, codes):
            _add(
                errors,
                "owners",
                _("%(name)s has no region of this cluster in its jurisdiction.") % {"name": owner.display_name},
            )
    return owners


def _validate_tasks(tasks, errors):
    clean = []
    for index, task in enumerate(tasks):
        text = (task.get("task") or "").strip()
        department = (task.get("department") or "").strip()
        deadline = task.get("deadline")
        if not text:
            _add(errors, f"tasks.{index}.task", _("Describe the task."))
        if not department:
            _add(errors, f"tasks.{index}.department", _("Name the responsible department."))
        elif len(department) > KeyTask._meta.get_field("department").max_length:
            _add(errors, f"tasks.{index}.department", _("At most 200 characters."))
        if deadline is None or not hasattr(deadline, "year"):
            _add(errors, f"tasks.{index}.deadline", _("Enter the deadline."))
        elif not FIRST_YEAR <= deadline.year <= LAST_YEAR:
            _add(
                errors,
                f"tasks.{index}.deadline",
                _("Enter a date between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        clean.append({"id": task.get("id"), "task": text, "department": department, "deadline": deadline})
    return clean


def _validate_targets(targets, *, period, errors):
    start, end = period
    clean, seen = [], {}
    for index, target in enumerate(targets):
        key = f"targets.{index}."
        indicator = target.get("indicator")
        if not isinstance(indicator, Indicator):
            _add(errors, key + "indicator", _("Choose an indicator of the catalogue."))
            indicator = None
        elif indicator.pk in seen:
            _add(errors, key + "indicator", _("The plan already has a target for this indicator."))
        else:
            seen[indicator.pk] = index
        baseline_year, target_year = _year(target.get("baseline_year")), _year(target.get("target_year"))
        baseline_value, target_value = _decimal(target.get("baseline_value")), _decimal(target.get("target_value"))
        for name, year in (("baseline_year", baseline_year), ("target_year", target_year)):
            if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
                _add(
                    errors,
                    key + name,
                    _("Enter a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        for name, value in (("baseline_value", baseline_value), ("target_value", target_value)):
            if value is None:
                _add(errors, key + name, _("Enter a number."))
            elif value < 0:
                _add(errors, key + name, _("The value cannot be negative."))
            elif abs(value) >= Decimal(10) ** 16:
                _add(errors, key + name, _("The number is too large."))
            elif indicator is not None and indicator.unit == "%" and value > 100:
                _add(errors, key + name, _("A percentage cannot exceed 100."))
            elif (message := count_error(indicator, value)) is not None:
                _add(errors, key + name, message)
        years_valid = key + "baseline_year" not in errors and key + "target_year" not in errors
        if years_valid and target_year <= baseline_year:
            _add(errors, key + "target_year", _("The target year must come after the baseline year."))
        elif years_valid and start is not None and end is not None:
            if not start - BASELINE_BEFORE_PERIOD <= baseline_year <= start:
                _add(
                    errors,
                    key + "baseline_year",
                    _("The baseline year lies between %(first)d and the period's first year, %(last)d.")
                    % {"first": start - BASELINE_BEFORE_PERIOD, "last": start},
                )
            if not start < target_year <= end + TARGET_AFTER_PERIOD:
                _add(
                    errors,
                    key + "target_year",
                    _("The target year lies between %(first)d and %(last)d (the period or up to five years after it).")
                    % {"first": start + 1, "last": end + TARGET_AFTER_PERIOD},
                )
        values_valid = key + "baseline_value" not in errors and key + "target_value" not in errors
        if indicator is not None and values_valid:
            worse = target_value < baseline_value if indicator.higher_is_better else target_value > baseline_value
            if worse:
                message = (
                    _("Higher is better for this indicator: the target cannot be below the baseline.")
                    if indicator.higher_is_better
                    else _("Lower is better for this indicator: the target cannot be above the baseline.")
                )
                _add(errors, key + "target_value", message)
        clean.append(
            {
                "indicator": indicator,
                "baseline_year": baseline_year,
                "baseline_value": baseline_value,
                "target_year": target_year,
                "target_value": target_value,
            }
        )
    return clean


# Writes ------------------------------------------------------------------------------------------------------------


def _require(by, perm, plan=None):
    if not by.has_perm(perm, plan):
        raise PermissionDenied(_("You may not do this."))


def _set_tasks(plan, tasks, *, by):
    existing = {task.pk: task for task in unscoped(KeyTask).filter(plan=plan)}
    keep = set()
    for position, data in enumerate(tasks, start=1):
        task = existing.get(data.get("id")) if data.get("id") else None
        if task is None:
            task = KeyTask(plan=plan)
        else:
            keep.add(task.pk)
            unchanged = (task.position, task.task, task.department, task.deadline) == (
                position,
                data["task"],
                data["department"],
                data["deadline"],
            )
            if unchanged:
                continue
        task.position, task.task, task.department, task.deadline = (
            position,
            data["task"],
            data["department"],
            data["deadline"],
        )
        task._history_user = by
        task.save()
        keep.add(task.pk)
    for pk, task in existing.items():
        if pk not in keep:
            task._history_user = by
            task.delete()


def _set_targets(plan, targets, *, by):
    existing = {target.indicator_id: target for target in unscoped(PlanTarget).filter(plan=plan)}
    wanted = {data["indicator"].pk for data in targets}
    for indicator_id, target in existing.items():
        if indicator_id not in wanted:
            target._history_user = by
            target.delete()
    for data in targets:
        target = existing.get(data["indicator"].pk) or PlanTarget(plan=plan, indicator=data["indicator"])
        values = (data["baseline_year"], data["baseline_value"], data["target_year"], data["target_value"])
        if (
            target.pk
            and (target.baseline_year, target.baseline_value, target.target_year, target.target_value) == values
        ):
            continue
        target.baseline_year, target.baseline_value, target.target_year, target.target_value = values
        target._history_user = by
        target.save()


@transaction.atomic
def _validate_key_links(links, *, cluster_id, errors):
    links = list(links)
    if any(link.cluster_id != cluster_id for link in links):
        _add(errors, "key_chain_links", _("Choose chain links of the plan's own cluster."))
    return links


def plan_create(*, by, cluster, owners=None, tasks=(), targets=(), key_chain_links=(), **fields) -> CultivationPlan:
    """A local government files a plan (a draft) for a cluster with a region in its jurisdiction."""
    _require(by, "policies.add_cultivationplan")
    viewer = Viewer.for_user(by)
    unknown = set(fields) - set(CultivationPlan.TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    errors: dict[str, list] = {}
    if cluster is None:
        _add(errors, "cluster", _("Choose a cluster."))
    elif not ClusterRegion.objects.filter(
        cluster=cluster, region__code__startswith=viewer.jurisdiction_prefix or "-"
    ).exists():
        _add(errors, "cluster", _("Choose a cluster with a region in your jurisdiction."))
    period = _validate_fields(fields, errors)
    if owners is None:
        owners = list(Organisation.objects.filter(pk=viewer.organisation_id).select_related("region"))
    if cluster is not None and "cluster" not in errors:
        owners = _validate_owners(viewer=viewer, cluster=cluster, owners=owners, errors=errors)
    tasks = _validate_tasks(tasks, errors)
    targets = _validate_targets(targets, period=period, errors=errors)
    if cluster is not None:
        key_chain_links = _validate_key_links(key_chain_links or (), cluster_id=cluster.pk, errors=errors)
    if errors:
        raise ValidationError(errors)
    plan = CultivationPlan(cluster=cluster, created_by=by, **{k: _clean_text(k, v) for k, v in fields.items()})
    plan._history_user = by
    plan.save()
    plan.owners.set(owners)
    if key_chain_links:
        plan.key_chain_links.set(key_chain_links)
    _set_tasks(plan, tasks, by=by)
    _set_targets(plan, targets, by=by)
    return plan


def _clean_text(name, value):
    return value.strip() if name in TEXT_FIELDS and isinstance(value, str) else value


def _lock(plan) -> CultivationPlan:
    """The plan's row, locked until the transaction ends (the current state, whatever the caller holds)."""
    return unscoped(CultivationPlan).select_for_update().select_related("cluster").get(pk=plan.pk)


# What each step needs of the plan's state: step -> (allowed, refusal message, refusal code).
PLAN_STEPS = {
    "change": (
        lambda plan: plan.is_editable,
        gettext_lazy("This plan is %(status)s and cannot be changed: only a draft or a returned plan can be edited."),
        "not_editable",
    ),
    "delete": (
        lambda plan: plan.version == 0,
        gettext_lazy("This plan has been submitted; its versions are kept and it cannot be deleted."),
        "not_editable",
    ),
    "submit": (
        lambda plan: plan.status in (Status.DRAFT, Status.RETURNED),
        gettext_lazy("Only a draft or a returned plan can be submitted; this plan is %(status)s."),
        "invalid_transition",
    ),
    "approve": (
        lambda plan: plan.status == Status.SUBMITTED,
        gettext_lazy("Only a submitted plan can be approved; this plan is %(status)s."),
        "invalid_transition",
    ),
    "return": (
        lambda plan: plan.status == Status.SUBMITTED,
        gettext_lazy("Only a submitted plan can be returned; this plan is %(status)s."),
        "invalid_transition",
    ),
}


def plan_refusal(plan, step) -> Refusal | None:
    """Why the plan's state does not allow `step` (change, delete, submit, approve, return) now, or None. The
    services raise it (409 in the API); the pages offer only the steps it lets through and show its message."""
    allowed, message, code = PLAN_STEPS[step]
    if allowed(plan):
        return None
    return Refusal(str(message) % {"status": plan.get_status_display()}, code=code)


def _refuse(plan, step):
    refusal = plan_refusal(plan, step)
    if refusal is not None:
        raise refusal


@transaction.atomic
def plan_update(*, plan, by, owners=None, tasks=None, targets=None, key_chain_links=None, **fields) -> CultivationPlan:
    """An owner edits a draft or returned plan. Fields left out (None) stay as they are; `tasks` and `targets`,
    when given, are the plan's whole list (tasks matched by id, targets by indicator)."""
    _require(by, "policies.change_cultivationplan", plan)
    locked = _lock(plan)
    _refuse(locked, "change")
    viewer = Viewer.for_user(by)
    if "cluster" in fields:
        cluster = fields.pop("cluster")
        if cluster is not None and getattr(cluster, "pk", cluster) != locked.cluster_id:
            raise ValidationError({"cluster": [_("A plan cannot move to another cluster.")]})
    unknown = set(fields) - set(CultivationPlan.TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in sorted(unknown)})
    merged = {name: getattr(locked, name) for name in CultivationPlan.TEXT_FIELDS}
    merged.update({name: value for name, value in fields.items() if value is not None})
    errors: dict[str, list] = {}
    period = _validate_fields(merged, errors)
    if owners is not None:
        owners = _validate_owners(viewer=viewer, cluster=locked.cluster, owners=owners, errors=errors)
    if tasks is not None:
        tasks = _validate_tasks(tasks, errors)
    if key_chain_links is not None:
        key_chain_links = _validate_key_links(key_chain_links, cluster_id=locked.cluster_id, errors=errors)
    if targets is None and not errors:
        # A new period must still suit the targets the plan keeps.
        current = [
            {
                "indicator": t.indicator,
                "baseline_year": t.baseline_year,
                "baseline_value": t.baseline_value,
                "target_year": t.target_year,
                "target_value": t.target_value,
            }
            for t in unscoped(PlanTarget).filter(plan=locked).select_related("indicator")
        ]
        target_errors: dict[str, list] = {}
        _validate_targets(current, period=period, errors=target_errors)
        if target_errors:
            _add(errors, "period_start", _("The targets' baseline and target years do not fit this period."))
    elif targets is not None:
        targets = _validate_targets(targets, period=period, errors=errors)
    if errors:
        raise ValidationError(errors)
    changed = False
    for name in CultivationPlan.TEXT_FIELDS:
        value = _clean_text(name, merged[name])
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed = True
    locked._history_user = by
    if changed:
        locked.save()
    if owners is not None and {o.pk for o in owners} != locked.owner_ids:
        locked.owners.set(owners)
    if tasks is not None:
        _set_tasks(locked, tasks, by=by)
    if targets is not None:
        _set_targets(locked, targets, by=by)
    if key_chain_links is not None:
        locked.key_chain_links.set(key_chain_links)
    if not changed and (tasks is not None or targets is not None or owners is not None or key_chain_links is not None):
        locked.save(update_fields=["updated"])  # the plan's "updated" follows its tasks and targets
    plan.refresh_from_db()
    return locked


@transaction.atomic
def plan_delete(*, plan, by) -> None:
    """An owner deletes a draft that was never submitted (a submitted plan and its versions are kept)."""
    _require(by, "policies.delete_cultivationplan", plan)
    locked = _lock(plan)
    _refuse(locked, "delete")
    locked._history_user = by
    unscoped(KeyTask).filter(plan=locked).delete()
    unscoped(PlanTarget).filter(plan=locked).delete()
    locked.delete()


def _notify(plan, *, kind, by, organisations, version, comment=""):
    organisation = Organisation.objects.filter(pk=Viewer.for_user(by).organisation_id).first()
    notify(
        organisations,
        kind=kind,
        actor=by,
        link=reverse("plan-detail", args=[plan.pk]),
        params={
            "plan": plan.title,
            "cluster": plan.cluster.name,
            "cluster_en": plan.cluster.name_en,
            "organisation": organisation.name if organisation else by.get_username(),
            "organisation_en": organisation.name_en if organisation else "",
            "version": version,
            "comment": comment[:300],
        },
    )


def _transition(plan, *, action, by, to_status, comment="") -> PlanTransition:
    viewer = Viewer.for_user(by)
    transition = PlanTransition.objects.create(
        plan=plan,
        action=action,
        from_status=plan.status,
        to_status=to_status,
        comment=comment,
        version=plan.version,
        by=by,
        by_organisation_id=viewer.organisation_id,
    )
    plan.status = to_status
    plan._history_user = by
    plan.save(update_fields=["status", "version", "updated"])
    update_change_reason(plan, str(PlanTransition.Action(action).label))
    return transition


@transaction.atomic
def plan_submit(*, plan, by, comment="") -> CultivationPlan:
    """An owner submits a draft, or resubmits a returned plan: the plan is frozen as a new version, the ministry
    (and the other owners) are notified, and the plan is read-only until the ministry returns it."""
    _require(by, "policies.submit_cultivationplan", plan)
    locked = _lock(plan)
    _refuse(locked, "submit")
    if locked.status == Status.DRAFT:
        action, kind = PlanTransition.Action.SUBMIT, "plans.submitted"
    else:
        action, kind = PlanTransition.Action.RESUBMIT, "plans.resubmitted"
    tasks = list(unscoped(KeyTask).filter(plan=locked).order_by("position", "pk"))
    targets = list(
        unscoped(PlanTarget).filter(plan=locked).select_related("indicator").order_by("indicator__position", "pk")
    )
    errors: dict[str, list] = {}
    if not locked.overall_thinking.strip():
        _add(errors, "overall_thinking", _("Describe the overall thinking before submitting."))
    if not tasks:
        _add(errors, "tasks", _("Add at least one key task before submitting."))
    if not targets:
        _add(errors, "targets", _("Add at least one target before submitting."))
    if errors:
        raise ValidationError(errors)
    owners = list(locked.owners.order_by("name"))
    locked.version += 1
    PlanVersion.objects.create(
        plan=locked,
        number=locked.version,
        snapshot=snapshot(plan=locked, tasks=tasks, targets=targets, owners=owners),
        submitted_by=by,
    )
    _transition(locked, action=action, by=by, to_status=Status.SUBMITTED, comment=(comment or "").strip())
    ministry = Organisation.objects.filter(kind=Organisation.Kind.NATIONAL, is_active=True)
    others = [owner for owner in owners if owner.pk != Viewer.for_user(by).organisation_id]
    _notify(locked, kind=kind, by=by, organisations=[*ministry, *others], version=locked.version, comment=comment)
    plan.refresh_from_db()
    return locked


@transaction.atomic
def plan_approve(*, plan, by, comment="") -> CultivationPlan:
    """The ministry approves a submitted plan; the owners and the cluster's promotion body are notified."""
    _require(by, "policies.decide_cultivationplan", plan)
    locked = _lock(plan)
    _refuse(locked, "approve")
    comment = (comment or "").strip()
    _transition(locked, action=PlanTransition.Action.APPROVE, by=by, to_status=Status.APPROVED, comment=comment)
    recipients = [*locked.owners.all(), locked.cluster.promotion_body_id]
    _notify(locked, kind="plans.approved", by=by, organisations=recipients, version=locked.version, comment=comment)
    plan.refresh_from_db()
    return locked


@transaction.atomic
def plan_return(*, plan, by, comment) -> CultivationPlan:
    """The ministry returns a submitted plan with its comments; the owners are notified and may edit it again."""
    _require(by, "policies.decide_cultivationplan", plan)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("Say what needs to change: returning a plan needs a comment.")]})
    locked = _lock(plan)
    _refuse(locked, "return")
    _transition(locked, action=PlanTransition.Action.RETURN, by=by, to_status=Status.RETURNED, comment=comment)
    _notify(
        locked,
        kind="plans.returned",
        by=by,
        organisations=list(locked.owners.all()),
        version=locked.version,
        comment=comment,
    )
    plan.refresh_from_db()
    return locked
