"""Errors once: the API's exception handler turns a service's ValidationError into a 400 with fields and a Refusal
(a step the object's state does not allow now) into a 409 with its code, in the one JSON error shape, whichever
app's workflow refuses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from evaluations.entries import services as entry_services
from evaluations.models import EvaluationRun, Submission
from monitoring.models import AdjustmentDecision
from policies.models import CultivationPlan, ImmutableRowError, PlanVersion, Policy
from tenancy.api.errors import exception_handler
from tenancy.errors import Refusal
from tenancy.experts import services as expert_services
from tenancy.models import Invitation
from tenancy.organisations import services as organisation_services

from .builders.adjustment import monitoring
from .builders.competitions import entries, make_competition
from .builders.notice import notice_in
from .builders.plans import make_plan
from .builders.policies import make_policy
from .builders.runs import make_round
from .factories import ExpertProfileFactory, InvitationFactory, UserFactory

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


# The directory, the expert pool and invitations refuse by state (409) or by permission (403) -------------------------


def pending_invitation(world, **closed):
    user = UserFactory(password=None)
    user.set_unusable_password()
    user.save()
    return InvitationFactory(
        user=user, organisation=world.orgs["nanjing_body"], invited_by=world.nanjing_body, **closed
    )


@pytest.mark.parametrize("closed", ["accepted", "withdrawn"])
@pytest.mark.parametrize("route", ["api:invitation-resend", "api:invitation-withdraw"])
def test_resending_or_withdrawing_a_closed_invitation_is_a_409(world, client_for, closed, route):
    invitation = pending_invitation(world, **{closed: timezone.now()})
    response = client_for(world.nanjing_body).post(reverse(route, args=[invitation.pk]), **EN)
    status, error = error_of(response)
    assert (status, error["code"]) == (409, "closed")
    assert Invitation._base_manager.get(pk=invitation.pk).times_sent == 1


def test_a_closed_invitation_is_refused_on_the_page_with_its_message(world, page_client_for):
    invitation = pending_invitation(world, withdrawn=timezone.now())
    page = page_client_for(world.nanjing_body).post(
        reverse("invitation-resend", args=[invitation.pk]), follow=True, **EN
    )
    assert "This invitation was withdrawn." in page.content.decode()


def test_inviting_a_deactivated_expert_is_a_409(world, client_for):
    profile = ExpertProfileFactory(user=UserFactory(is_active=False))
    response = client_for(world.ministry).post(reverse("api:expert-invite", args=[profile.pk]), **EN)
    status, error = error_of(response)
    assert (status, error["code"], error["message"]) == (409, "inactive", "Reactivate the expert before inviting them.")


def test_inviting_an_expert_who_has_a_password_is_a_409(world, client_for):
    profile = world.expert.expert_profile
    response = client_for(world.ministry).post(reverse("api:expert-invite", args=[profile.pk]), **EN)
    status, error = error_of(response)
    assert (status, error["code"]) == (409, "password_set")


def test_deactivating_the_ministry_is_a_409(world, client_for):
    response = client_for(world.ministry).post(
        reverse("api:organisation-deactivate", args=[world.orgs["ministry"].pk]), **EN
    )
    status, error = error_of(response)
    assert (status, error["code"]) == (409, "protected")


def test_deactivating_the_ministry_is_refused_on_the_page_with_its_message(world, page_client_for):
    page = page_client_for(world.ministry).post(
        reverse("organisation-deactivate", args=[world.orgs["ministry"].pk]), follow=True, **EN
    )
    assert "The ministry cannot be deactivated." in page.content.decode()


def test_changing_an_organisation_one_may_not_manage_is_a_permission_refusal(world):
    guangdong = world.orgs["guangdong"]
    with pytest.raises(PermissionDenied):
        organisation_services.organisation_update(organisation=guangdong, by=world.jiangsu, name="改名")
    with pytest.raises(PermissionDenied) as refused:
        organisation_services.organisation_set_active(organisation=guangdong, by=world.jiangsu, active=False)
    assert exception_handler(refused.value, {}).status_code == 403


def test_an_expert_changing_another_experts_profile_is_a_permission_refusal(world):
    other = ExpertProfileFactory()
    with pytest.raises(PermissionDenied) as refused:
        expert_services.expert_self_update(profile=other, by=world.expert, title="冒名")
    assert exception_handler(refused.value, {}).status_code == 403


def test_entering_a_competition_that_is_not_published_is_a_409(world):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    with pytest.raises(Refusal) as refused:
        entry_services.submission_create(round=round_, cluster=world.nanjing_cluster, by=world.nanjing_body)
    assert not Submission.objects.filter(round=round_).exists()
    response = exception_handler(refused.value, {})  # last: DRF's handler marks the transaction for rollback
    assert (response.status_code, response.data["error"]["code"]) == (409, "invalid_transition")


def test_changing_a_frozen_plan_version_is_a_409(world):
    plan = make_plan(world, state="submitted")
    version = PlanVersion.objects.filter(plan=plan).first()
    with pytest.raises(ImmutableRowError) as refused:
        version.save()
    assert isinstance(refused.value, Refusal)
    response = exception_handler(refused.value, {})
    assert (response.status_code, response.data["error"]["code"]) == (409, "frozen")
