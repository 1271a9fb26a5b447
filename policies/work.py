"""What the policies app adds to the work queues (tenancy.work): the ministry's plans to approve, and a local
government's plans returned for changes."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tenancy.registry import registry
from tenancy.visibility import Viewer
from tenancy.work import WorkQueue, item, link, may, work_list


def _plan_item(plan):
    return item(f"{plan.title} · {plan.cluster.display_name}", reverse("plan-detail", args=[plan.pk]))


def plans_to_approve(request, viewer, limit):
    from policies.plans.selectors import plans_to_decide

    return work_list(plans_to_decide(), limit=limit, to_item=_plan_item)


def returned_plans(request, viewer, limit):
    from policies.plans.selectors import plans_returned_to

    return work_list(plans_returned_to(organisation_id=viewer.organisation_id), limit=limit, to_item=_plan_item)


QUEUES = (
    WorkQueue(
        app="policies",
        key="plans-to-approve",
        label=_("Plans to approve"),
        kinds={Viewer.NATIONAL},
        items=plans_to_approve,
        url=link("plan-list", "?status=submitted"),
        predicate=may("policies.decide_cultivationplan"),
        order=100,
    ),
    WorkQueue(
        app="policies",
        key="returned-plans",
        label=_("Returned plans"),
        kinds={Viewer.LOCAL},
        items=returned_plans,
        url=link("plan-list", "?status=returned"),
        predicate=may("policies.add_cultivationplan"),
        order=120,
    ),
)


def register():
    registry.register_work(*QUEUES)
