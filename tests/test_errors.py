"""Errors once: the API's exception handler turns a service's ValidationError into a 400 with fields and a Refusal
(a step the object's state does not allow now) into a 409 with its code, in the one JSON error shape, whichever
app's workflow refuses."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from evaluations.models import EvaluationRun, Submission
from monitoring.models import AdjustmentDecision
from policies.models import CultivationPlan, Policy
from tenancy.api.errors import exception_handler
from tenancy.errors import Refusal

from .builders.adjustment import monitoring
from .builders.competitions import entries
from .builders.notice import notice_in
from .builders.plans import make_plan
from .builders.policies import make_policy
from .builders.runs import make_round

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def error_of(response):
    return response.status_code, response.json()["error"]


# The handler -------------------------------------------------------------------------------------------------------


def test_a_field_error_is_a_400_with_a_message_per_field():
    response = exception_handler(ValidationError({"title": ["Too long."], "year": ["Too early."]}), {})
    assert response.status_code == 400
    assert response.data["error"]["fields"] == {"title": ["Too long."], "year": ["Too early."]}
    assert response.data["error"]["code"] == "invalid"


def test_an_error_without_a_field_is_a_400_on_the_input_as_a_whole():
    response = exception_handler(ValidationError("The file is empty."), {})
    assert response.status_code == 400
    assert response.data["error"]["fields"] == {"non_field_errors": ["The file is empty."]}


def test_a_refusal_is_a_409_with_its_code_and_message():
    response = exception_handler(Refusal("The notice is already published.", code="published"), {})
    assert response.status_code == 409
    assert response.data == {
        "error": {"status": 409, "code": "published", "message": "The notice is already published."}
    }
    assert exception_handler(Refusal("Not now."), {}).data["error"]["code"] == "invalid_transition"


def test_a_rate_limited_refusal_is_a_429():
    response = exception_handler(Refusal("Too many objections.", code="rate_limited"), {})
    assert (response.status_code, response.data["error"]["code"]) == (429, "rate_limited")


def test_a_validation_error_raised_in_a_service_reaches_the_client_as_a_400_with_fields(world, client_for):
    policy = make_policy(world, "jiangsu", "draft", categories=())
    response = client_for(world.jiangsu).post(reverse("api:policy-publish", args=[policy.pk]), **EN)
    status, error = error_of(response)
    assert status == 400
    assert error["fields"] == {"categories": ["Choose at least one category."]}
    assert Policy.objects.get(pk=policy.pk).status == "draft"


# Each workflow's refusal is a 409 with a code ----------------------------------------------------------------------


def test_submitting_a_submitted_plan_is_a_409(world, client_for):
    plan = make_plan(world, state="submitted")
    response = client_for(world.jiangsu).post(reverse("api:plan-submit", args=[plan.pk]), {}, format="json", **EN)
    assert error_of(response) == (
        409,
        {
            "status": 409,
            "code": "invalid_transition",
            "message": "Only a draft or a returned plan can be submitted; this plan is Submitted.",
        },
    )
    assert CultivationPlan.objects.get(pk=plan.pk).version == 1


def test_deleting_a_submitted_plan_is_a_409(world, client_for):
    plan = make_plan(world, state="submitted")
    response = client_for(world.jiangsu).delete(reverse("api:plan-detail", args=[plan.pk]), **EN)
    status, error = error_of(response)
    assert (status, error["code"]) == (409, "not_editable")
    assert CultivationPlan.objects.filter(pk=plan.pk).exists()


def test_submitting_a_submitted_entry_is_a_409(world, client_for):
    entry = entries(world)["submitted:cross"]
    response = client_for(world.shenzhen_body).post(reverse("api:entry-submit", args=[entry.pk]), **EN)
    status, error = error_of(response)
    assert (status, error["code"]) == (409, "invalid_transition")
    assert Submission.objects.get(pk=entry.pk).status == "submitted"


def test_starting_a_run_of_a_round_that_is_not_ready_is_a_409(world, client_for):
    round_ = make_round(by=world.ministry, name="未就绪轮次")
    response = client_for(world.ministry).post(
        reverse("api:evaluation-run-list"), {"round": round_.pk}, format="json", **EN
    )
    assert error_of(response) == (
        409,
        {"status": 409, "code": "not_ready", "message": "The round has no eligible entry to evaluate."},
    )
    assert not EvaluationRun.objects.exists()


def test_publishing_a_published_notice_is_a_409(world, client_for):
    notice = notice_in(world, "open")
    response = client_for(world.ministry).post(reverse("api:notice-publish", args=[notice.pk]), {"days": 9}, **EN)
    status, error = error_of(response)
    assert (status, error["code"], error["message"]) == (409, "invalid_transition", "The notice is already published.")


def test_an_objection_after_the_notice_closed_is_a_409(world, client_for):
    from .builders.notice import OBJECTION

    notice = notice_in(world, "closed")
    response = client_for(None).post(
        reverse("api:notice-objections", args=[notice.pk]), OBJECTION, format="json", REMOTE_ADDR="10.9.9.9", **EN
    )
    status, error = error_of(response)
    assert (status, error["code"]) == (409, "closed")


def test_deciding_on_a_replaced_monitoring_result_is_a_409(world, client_for):
    data = monitoring(world)
    earlier = data["earlier"].results.get(cluster=world.wuxi_cluster)
    with translation.override("en"):
        response = client_for(world.ministry).post(
            reverse("api:adjustment-decision-list"),
            {"result": earlier.pk, "decision": "keep", "reason": "维持。"},
            format="json",
            **EN,
        )
    status, error = error_of(response)
    assert (status, error["code"]) == (409, "superseded")
    assert not AdjustmentDecision.objects.filter(result=earlier).exists()


def test_deciding_twice_is_a_409(world, client_for):
    data = monitoring(world)
    decided = data["results"]["cross"]  # decided "keep" by the world
    response = client_for(world.ministry).post(
        reverse("api:adjustment-decision-list"),
        {"result": decided.pk, "decision": "drop", "reason": "改判。"},
        format="json",
        **EN,
    )
    status, error = error_of(response)
    assert (status, error["code"]) == (409, "decided")
