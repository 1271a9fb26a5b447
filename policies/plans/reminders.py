"""Reminder of a returned cultivation plan (tenancy/mail/reminders.py): 14 days after a plan was returned with
comments, if it is still not resubmitted, to its owning local governments. Each return is a deadline of its own."""

from datetime import timedelta

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from policies.models import CultivationPlan, PlanTransition
from tenancy.mail.reminders import DueReminder
from tenancy.notifications.services import register_kind
from tenancy.scoping import unscoped

RESUBMIT_AFTER = timedelta(days=14)

KINDS = {
    "reminders.plan_returned": (
        _("Reminder: returned plan not resubmitted"),
        _(
            "The cultivation plan “%(plan)s” of %(cluster)s was returned with comments on %(returned)s and is not "
            "resubmitted yet. Revise it and submit it again."
        ),
    ),
}


def register():
    for kind, (label, template) in KINDS.items():
        register_kind(kind, template, label=label)


def due_plan_reminders(now):
    last_return = (
        unscoped(PlanTransition).filter(plan=OuterRef("pk"), action=PlanTransition.Action.RETURN).order_by("-at", "-pk")
    )
    plans = (
        unscoped(CultivationPlan)
        .filter(status=CultivationPlan.Status.RETURNED)
        .annotate(
            returned_id=Subquery(last_return.values("pk")[:1]), returned_at=Subquery(last_return.values("at")[:1])
        )
        .filter(returned_at__lte=now - RESUBMIT_AFTER)
        .select_related("cluster")
        .order_by("pk")
    )
    for plan in plans:
        owners = tuple(
            plan.owners.through.objects.filter(cultivationplan_id=plan.pk).values_list("organisation_id", flat=True)
        )
        yield DueReminder(
            subject_type="plan-return",
            subject_id=plan.returned_id,
            step="14d",
            kind="reminders.plan_returned",
            deadline=plan.returned_at + RESUBMIT_AFTER,
            link=reverse("plan-edit", args=[plan.pk]),
            params={
                "plan": plan.title,
                "cluster": plan.cluster.name,
                "cluster_en": plan.cluster.name_en,
                "returned": plan.returned_at.date().isoformat(),
            },
            organisations=owners,
        )
