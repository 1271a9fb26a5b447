"""Writes of collaborations between clusters: propose, confirm, refuse, withdraw.

Who may take a step is a rule (exchange/rules.py, re-read on the locked row); what the collaboration's state allows
is `link_refusal` (a Refusal, 409 in the API). Each step locks the row first, so two concurrent steps cannot both
succeed, saves a history record with the step as its reason, and notifies the other side.

The other cluster's member is found past the viewer on purpose (`unscoped`): a body cannot list another cluster's
members, so it names the cluster (one of the public register or its own) and the member's exact credit code or
exact name; a miss says only that no member of that cluster has it.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import update_change_reason

from clusters.models import Collaboration, Member
from clusters.validators import clean_credit_code
from exchange.links.models import ClusterLink
from exchange.links.selectors import nameable_clusters
from tenancy.errors import Refusal
from tenancy.models import Organisation
from tenancy.notifications.services import notify
from tenancy.scoping import unscoped
from tenancy.visibility import Viewer

Status = ClusterLink.Status
FIRST_YEAR, LAST_YEAR = 1949, 2100  # as a cluster's own collaborations
NOTE_MAX = REASON_MAX = 1000
VALUE_MAX = Decimal(10) ** 14


def _require(by, perm, link=None):
    if not by.has_perm(perm, link):
        raise PermissionDenied(_("You may not do this."))


# What each step needs of the collaboration's state: step -> (allowed, message, code).
LINK_STEPS = {
    "confirm": (
        lambda link: link.status == Status.PENDING,
        gettext_lazy("Only a pending collaboration can be confirmed; this one is %(status)s."),
        "invalid_transition",
    ),
    "refuse": (
        lambda link: link.status == Status.PENDING,
        gettext_lazy("Only a pending collaboration can be refused; this one is %(status)s."),
        "invalid_transition",
    ),
    "withdraw": (
        lambda link: link.status in (Status.PENDING, Status.CONFIRMED),
        gettext_lazy("Only a pending or confirmed collaboration can be withdrawn; this one is %(status)s."),
        "invalid_transition",
    ),
}


def link_refusal(link, step) -> Refusal | None:
    """Why the collaboration's state does not allow `step` (confirm, refuse, withdraw) now, or None. The services
    raise it (409 in the API); the pages offer only the steps it lets through and show its message."""
    allowed, message, code = LINK_STEPS[step]
    if allowed(link):
        return None
    return Refusal(str(message) % {"status": link.get_status_display().lower()}, code=code)


def _duplicate_refusal(*, source, target, kind, exclude=None) -> Refusal | None:
    pending = unscoped(ClusterLink).filter(source=source, target=target, kind=kind, status=Status.PENDING)
    if exclude is not None:
        pending = pending.exclude(pk=exclude)
    if pending.exists():
        return Refusal(
            _("The same collaboration is already waiting for the other cluster's confirmation."), code="duplicate"
        )
    return None


# The rule of each step (exchange/rules.py), read with `link_refusal` by pages and the API to offer only the steps
# a user may take now.
STEP_PERMISSIONS = {
    "confirm": "exchange.confirm_clusterlink",
    "refuse": "exchange.refuse_clusterlink",
    "withdraw": "exchange.withdraw_clusterlink",
}


def offered_steps(user, link) -> list[str]:
    """The steps `user` may take on `link` now: the rule lets them and the state allows it."""
    return [
        step
        for step, permission in STEP_PERMISSIONS.items()
        if user.has_perm(permission, link) and link_refusal(link, step) is None
    ]


# Proposing -------------------------------------------------------------------------------------------------------


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return False
    return number if number.is_finite() else False


def _year(value):
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return False


def _find_target(cluster, *, credit_code, name, errors):
    """The member of `cluster` with this exact credit code (or, without one, this exact name), read past the
    viewer; a field error that reveals nothing else when there is none."""
    members = unscoped(Member).filter(cluster=cluster)
    if credit_code:
        try:
            code = clean_credit_code(credit_code)
        except ValidationError as exc:
            errors.setdefault("target_credit_code", []).extend(exc.messages)
            return None
        found = members.filter(credit_code=code).first()
        if found is None:
            errors.setdefault("target_credit_code", []).append(_("No member of that cluster has this credit code."))
        return found
    if name:
        found = list(members.filter(name=name.strip())[:2])
        if not found:
            errors.setdefault("target_name", []).append(_("No member of that cluster has this name."))
            return None
        if len(found) > 1:
            errors.setdefault("target_name", []).append(
                _("Several members of that cluster have this name: give the credit code.")
            )
            return None
        return found[0]
    errors.setdefault("target_credit_code", []).append(_("Give the member's credit code or its exact name."))
    return None


def _clean_fields(fields, errors):
    kind = fields.get("kind") or ""
    if kind not in Collaboration.Kind.values:
        errors.setdefault("kind", []).append(_("Choose a kind of collaboration."))
    value = _decimal(fields.get("value"))
    if value is False:
        errors.setdefault("value", []).append(_("Enter a number."))
    elif value is not None and value < 0:
        errors.setdefault("value", []).append(_("Give zero or a positive amount."))
    elif value is not None and abs(value) >= VALUE_MAX:
        errors.setdefault("value", []).append(_("The number is too large."))
    elif value is not None:
        value = value.quantize(Decimal("0.01"))
    year = _year(fields.get("year"))
    if year is False or (year is not None and not FIRST_YEAR <= year <= LAST_YEAR):
        errors.setdefault("year", []).append(
            _("Give a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    note = (fields.get("note") or "").strip()
    if len(note) > NOTE_MAX:
        errors.setdefault("note", []).append(_("At most %(count)d characters.") % {"count": NOTE_MAX})
    return {"kind": kind, "value": value, "year": year, "note": note}


@transaction.atomic
def link_propose(
    *, by, source, target_cluster, target_credit_code="", target_name="", kind, value=None, year=None, note=""
) -> ClusterLink:
    """A body's editor records a collaboration from a member of a cluster it promotes (`source`) to a member of
    another cluster, named by the cluster and the member's exact credit code or name. It waits for the other
    body's confirmation (notified); when the same body promotes both clusters it is confirmed at once."""
    _require(by, "exchange.add_clusterlink")
    viewer = Viewer.for_user(by)
    errors: dict[str, list] = {}
    if not isinstance(source, Member) or not Member.objects.filter(pk=source.pk).exists():
        errors["source"] = [_("Choose a member of a cluster you promote.")]
        source = None
    else:
        source = unscoped(Member).select_related("cluster").get(pk=source.pk)
        if source.cluster.promotion_body_id != viewer.organisation_id:
            errors["source"] = [_("Choose a member of a cluster you promote.")]
            source = None
    cluster_pk = getattr(target_cluster, "pk", target_cluster)
    target_cluster = nameable_clusters().filter(pk=cluster_pk).first() if cluster_pk else None
    if target_cluster is None:
        errors["target_cluster"] = [_("Choose a cluster of the public register or one of your own.")]
    elif source is not None and target_cluster.pk == source.cluster_id:
        errors["target_cluster"] = [
            _("Both members are in the same cluster: record this as a collaboration of the cluster's own network.")
        ]
    elif target_cluster.promotion_body_id is None:
        errors["target_cluster"] = [_("That cluster has no promotion body to confirm the collaboration.")]
    target = None
    if "target_cluster" not in errors:
        target = _find_target(target_cluster, credit_code=target_credit_code, name=target_name, errors=errors)
    clean = _clean_fields({"kind": kind, "value": value, "year": year, "note": note}, errors)
    if errors:
        raise ValidationError(errors)
    if refusal := _duplicate_refusal(source=source, target=target, kind=clean["kind"]):
        raise refusal
    same_body = target_cluster.promotion_body_id == viewer.organisation_id
    link = ClusterLink(
        source_cluster=source.cluster,
        source=source,
        target_cluster=target_cluster,
        target=target,
        proposed_by_organisation_id=viewer.organisation_id,
        proposed_by=by,
        status=Status.CONFIRMED if same_body else Status.PENDING,
        decided_by=by if same_body else None,
        decided=timezone.now() if same_body else None,
        **clean,
    )
    link._history_user = by
    link.save()
    update_change_reason(link, str(REASONS["propose_same" if same_body else "propose"]))
    if not same_body:
        _notify(link, kind="links.proposed", by=by, organisations=[target_cluster.promotion_body_id])
    return link


# The steps -------------------------------------------------------------------------------------------------------

REASONS = {
    "propose": gettext_lazy("Proposed"),
    "propose_same": gettext_lazy("Proposed and confirmed (the same body promotes both clusters)"),
    "confirm": gettext_lazy("Confirmed"),
    "refuse": gettext_lazy("Refused"),
    "withdraw": gettext_lazy("Withdrawn"),
}


def _lock(link) -> ClusterLink:
    """The collaboration's row, locked until the transaction ends (its current state, whatever the caller holds)."""
    return (
        unscoped(ClusterLink)
        .select_for_update(of=("self",))
        .select_related("source_cluster", "target_cluster", "source", "target")
        .get(pk=link.pk)
    )


def _step(link, *, step, by, to_status, reason=""):
    link.status = to_status
    link.decided_by = by
    link.decided = timezone.now()
    link.reason = reason
    link._history_user = by
    link.save()
    update_change_reason(link, str(REASONS[step]))
    return link


def _refuse_step(link, step):
    if refusal := link_refusal(link, step):
        raise refusal


def _clean_reason(reason, *, required):
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": [_("Say why the collaboration is refused.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("At most %(count)d characters.") % {"count": REASON_MAX}]})
    return reason


@transaction.atomic
def link_confirm(*, link, by) -> ClusterLink:
    """The other cluster's body confirms a pending collaboration; the proposer is notified."""
    _require(by, "exchange.confirm_clusterlink", link)
    locked = _lock(link)
    _require(by, "exchange.confirm_clusterlink", locked)  # the other cluster's body, as it is now
    _refuse_step(locked, "confirm")
    _step(locked, step="confirm", by=by, to_status=Status.CONFIRMED)
    _notify(locked, kind="links.confirmed", by=by, organisations=[locked.proposed_by_organisation_id])
    return locked


@transaction.atomic
def link_refuse(*, link, by, reason) -> ClusterLink:
    """The other cluster's body refuses a pending collaboration, saying why; the proposer is notified."""
    _require(by, "exchange.refuse_clusterlink", link)
    reason = _clean_reason(reason, required=True)
    locked = _lock(link)
    _require(by, "exchange.refuse_clusterlink", locked)
    _refuse_step(locked, "refuse")
    _step(locked, step="refuse", by=by, to_status=Status.REFUSED, reason=reason)
    _notify(locked, kind="links.refused", by=by, organisations=[locked.proposed_by_organisation_id], reason=reason)
    return locked


@transaction.atomic
def link_withdraw(*, link, by, reason="") -> ClusterLink:
    """The proposing side withdraws a pending collaboration, or ends a confirmed one; the other body is notified."""
    _require(by, "exchange.withdraw_clusterlink", link)
    reason = _clean_reason(reason, required=False)
    locked = _lock(link)
    _require(by, "exchange.withdraw_clusterlink", locked)
    _refuse_step(locked, "withdraw")
    _step(locked, step="withdraw", by=by, to_status=Status.WITHDRAWN, reason=reason)
    _notify(
        locked, kind="links.withdrawn", by=by, organisations=[locked.target_cluster.promotion_body_id], reason=reason
    )
    return locked


def _notify(link, *, kind, by, organisations, reason=""):
    organisation = Organisation.objects.filter(pk=Viewer.for_user(by).organisation_id).first()
    notify(
        [pk for pk in organisations if pk != getattr(organisation, "pk", None)],
        kind=kind,
        actor=by,
        link=reverse("cluster-link-detail", args=[link.pk]),
        params={
            "organisation": organisation.name if organisation else by.get_username(),
            "organisation_en": organisation.name_en if organisation else "",
            "source": link.source.name,
            "source_cluster": link.source_cluster.name,
            "source_cluster_en": link.source_cluster.name_en,
            "target": link.target.name,
            "target_cluster": link.target_cluster.name,
            "target_cluster_en": link.target_cluster.name_en,
            "reason": reason[:300],
        },
    )
