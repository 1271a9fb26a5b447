"""Results after the notice: what promotion bodies read of their own results and when, query counts of the notice,
objection and result lists, the demo competition, and an objection lodged and answered in the browser."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Designation, EvaluationRun, Objection, PublicNotice, Result, Submission
from evaluations.notice import services as notice_services
from tenancy.models import Organisation

from .builders.competitions import entries
from .builders.notice import BREAKDOWN, HANDLING, OBJECTION, notice_in, result_of
from .conftest import count_queries
from .factories import ClusterFactory, OrganisationFactory

# Results after publication -----------------------------------------------------------------------------------------


def test_a_cluster_body_reads_no_result_before_the_final_result(world, client_for, page_client_for):
    notice_in(world, "open")
    closed = notice_in(world, "closed")
    own = result_of(world, "closed", "draft:nanjing")
    client = client_for(world.nanjing_body)
    assert client.get(reverse("api:published-result-list")).json()["count"] == 0
    assert client.get(reverse("api:published-result-detail", args=[own.pk])).status_code == 404
    assert page_client_for(world.nanjing_body).get(reverse("my-result-detail", args=[own.pk])).status_code == 404
    notice_services.notice_finalise(notice=closed, by=world.ministry)
    body = client.get(reverse("api:published-result-list")).json()
    assert [row["id"] for row in body["results"]] == [own.pk]


def test_a_cluster_body_reads_its_own_breakdown_and_never_a_competitors(world, client_for):
    own = result_of(world, "final", "draft:nanjing")
    competitor = result_of(world, "final", "submitted:shenzhen")
    client = client_for(world.nanjing_body)
    body = client.get(reverse("api:published-result-list"), HTTP_ACCEPT_LANGUAGE="en").json()
    assert [row["id"] for row in body["results"]] == [own.pk]
    row = body["results"][0]
    assert row["rank"] == 1 and row["total"] == "88.5000" and row["advanced"] is True
    experts = row["breakdown"]["criteria"][0]["experts"]
    assert [expert["expert"] for expert in experts] == ["Expert 1", "Expert 2"]
    assert "expert_id" not in str(row["breakdown"]) and "专家甲" not in str(row["breakdown"])
    assert [expert["raw"] for expert in experts] == [80, 83]
    # The track's lowest and highest claimed values are a competitor's figures: left out.
    assert notice_services.breakdown_for_entrant({"criteria": [{"claim": "9.7", "min": 9.7, "max": 27.2}]}) == {
        "criteria": [{"claim": "9.7"}]
    }
    assert client.get(reverse("api:published-result-detail", args=[competitor.pk])).status_code == 404
    # The ministry reads the breakdown as recorded.
    ministry = client_for(world.ministry).get(reverse("api:published-result-detail", args=[own.pk])).json()
    assert ministry["breakdown"]["criteria"] == BREAKDOWN["criteria"]


def test_the_result_visibility_rule_itself(world):
    from tenancy.scoping import viewer_scope
    from tenancy.visibility import Viewer

    own = result_of(world, "final", "draft:nanjing")
    result_of(world, "open", "draft:nanjing")
    with viewer_scope(Viewer.for_user(world.nanjing_body)):
        assert list(Result.objects.values_list("pk", flat=True)) == [own.pk]
    with viewer_scope(Viewer.for_user(world.guangdong)):
        assert list(Result.objects.values_list("submission__cluster", flat=True)) == [world.shenzhen_cluster.pk]
    with viewer_scope(Viewer.for_user(world.expert)):
        assert not Result.objects.exists()
    with viewer_scope(Viewer.anonymous()):
        assert not Result.objects.exists()


def test_my_results_page_shows_the_numbered_breakdown(world, page_client_for):
    own = result_of(world, "final", "draft:nanjing")
    client = page_client_for(world.nanjing_body)
    page = client.get(reverse("my-result-detail", args=[own.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Expert 1" in page and "Expert 2" in page and "专家甲" not in page
    listing = client.get(reverse("my-result-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert world.nanjing_cluster.name_en in listing and world.shenzhen_cluster.name_en not in listing
    assert "Winner" in listing


def test_the_final_result_page_waits_for_publication(world, page_client_for):
    notice = notice_in(world, "closed")
    response = page_client_for(None).get(reverse("notice-result", args=[notice.pk]))
    assert response.status_code == 404


def test_an_open_notice_past_its_period_shows_as_closed(world, client_for):
    notice = notice_in(world, "closed")
    body = client_for(None).get(reverse("api:notice-detail", args=[notice.pk])).json()
    assert body["status"] == "open" and body["state"] == "closed"
    assert notice_services.notice_state(notice, notice.closes - timedelta(seconds=1)) == "open"


# Query counts ------------------------------------------------------------------------------------------------------


def many_winners(world, run, count):
    """`count` more proposed winners in the run, each a cluster of its own promotion body."""
    round_ = run.round
    track = round_.competition.tracks.get(field_id="high_end_equipment")
    for number in range(count):
        body = OrganisationFactory(kind=Organisation.Kind.CLUSTER_BODY, region_id="320100")
        cluster = ClusterFactory(promotion_body=body, region_codes=["320100", "320200"])
        submission = Submission.objects.create(round=round_, track=track, cluster=cluster)
        Result.objects.create(
            run=run,
            submission=submission,
            track=track,
            expert_score=50,
            indicator_score=50,
            total=50,
            rank=number + 3,
            advanced=True,
            breakdown={},
        )


def test_the_notice_page_and_api_query_count_does_not_grow_with_the_winners(world, client_for, page_client_for):
    notice = notice_in(world, "open")
    page = page_client_for(None)
    api = client_for(None)
    page_url = reverse("notice-detail", args=[notice.pk])
    api_url = reverse("api:notice-detail", args=[notice.pk])
    page.get(page_url)
    api.get(api_url)
    few_page, few_api = count_queries(lambda: page.get(page_url)), count_queries(lambda: api.get(api_url))
    many_winners(world, notice.run, 12)
    assert len(api.get(api_url).json()["winners"]) == 14
    assert count_queries(lambda: page.get(page_url)) == few_page
    assert count_queries(lambda: api.get(api_url)) == few_api


def test_the_notice_list_query_count_does_not_grow(world, client_for, page_client_for):
    notice_in(world, "open")
    client = client_for(world.ministry)
    page = page_client_for(world.ministry)
    client.get(reverse("api:notice-list"))
    page.get(reverse("notice-list"))
    few_api = count_queries(lambda: client.get(reverse("api:notice-list")))
    few_page = count_queries(lambda: page.get(reverse("notice-list")))
    for state in ("draft", "closed", "final"):
        notice_in(world, state)
    assert client.get(reverse("api:notice-list")).json()["count"] == 4
    assert count_queries(lambda: client.get(reverse("api:notice-list"))) == few_api
    assert count_queries(lambda: page.get(reverse("notice-list"))) == few_page


def test_the_objection_list_query_count_does_not_grow(world, client_for, page_client_for):
    notice = notice_in(world, "open")
    nanjing = entries(world, "draft:nanjing")["draft:nanjing"]
    notice_services.objection_lodge(notice=notice, submission=nanjing, **OBJECTION)
    client = client_for(world.ministry)
    page = page_client_for(world.ministry)
    client.get(reverse("api:objection-list"))
    page.get(reverse("objection-list"))
    few_api = count_queries(lambda: client.get(reverse("api:objection-list")))
    few_page = count_queries(lambda: page.get(reverse("objection-list")))
    for number in range(6):
        objection = notice_services.objection_lodge(
            notice=notice, submission=nanjing, **{**OBJECTION, "name": f"{number}"}
        )
        if number % 2:
            notice_services.objection_handle(objection=objection, by=world.ministry, **HANDLING)
    assert client.get(reverse("api:objection-list")).json()["count"] == 7
    assert count_queries(lambda: client.get(reverse("api:objection-list"))) == few_api
    assert count_queries(lambda: page.get(reverse("objection-list"))) == few_page


@pytest.mark.parametrize("role", ["ministry", "jiangsu", "nanjing_body"])
def test_the_published_results_query_count_does_not_grow(world, client_for, page_client_for, role):
    notice = notice_in(world, "final")
    client = client_for(world.user(role))
    page = page_client_for(world.user(role))
    client.get(reverse("api:published-result-list"))
    page.get(reverse("my-result-list"))
    few_api = count_queries(lambda: client.get(reverse("api:published-result-list")))
    few_page = count_queries(lambda: page.get(reverse("my-result-list")))
    many_winners(world, notice.run, 8)  # clusters in Nanjing: Jiangsu reads them, the Nanjing body does not
    expected = {"ministry": 11, "jiangsu": 10, "nanjing_body": 1}[role]
    assert client.get(reverse("api:published-result-list")).json()["count"] == expected
    assert count_queries(lambda: client.get(reverse("api:published-result-list"))) == few_api
    assert count_queries(lambda: page.get(reverse("my-result-list"))) == few_page


def test_notice_state_uses_now():
    notice = PublicNotice(status=PublicNotice.Status.OPEN, closes=timezone.now() + timedelta(days=1))
    assert notice_services.notice_state(notice) == "open"
    assert notice_services.notice_state(notice, timezone.now() + timedelta(days=2)) == "closed"


# Demo data ---------------------------------------------------------------------------------------------------------


def test_the_demo_competition_runs_to_its_winners(demo, page_client_for):
    from django.contrib.auth import get_user_model

    from clusters.models import Cluster
    from evaluations.models import Assignment, Competition, Review
    from evaluations.review.demo import OVERRIDE_REASON, seed_review

    group, final = PublicNotice.objects.order_by("run__round__position")
    assert (group.status, final.status) == (PublicNotice.Status.FINAL, PublicNotice.Status.FINAL)
    assert group.closes - group.opens == timedelta(days=5)
    objection = Objection.objects.get()
    assert objection.notice == group and objection.status == Objection.Status.HANDLED and objection.answer
    # The blind group round: every review submitted but one; its run went ahead on a written reason.
    assert group.run.round.blind_review
    group_assignments = Assignment.objects.filter(submission__round=group.run.round)
    submitted = Review.objects.filter(status=Review.Status.SUBMITTED, assignment__in=group_assignments)
    assert (group_assignments.count(), submitted.count()) == (15, 14)
    assert group.run.review_override_reason == OVERRIDE_REASON
    assert [row["submitted"] for row in group.run.reviews_missing] == [2]
    # The comprehensive round: every review in, no override; its winners are national-level and the competition
    # closed.
    assert final.run.review_override_reason == "" and final.run.reviews_missing == []
    winners = set(Designation.objects.values_list("cluster__name", flat=True))
    assert winners == {"常州市智能装备集群", "苏州市工业软件集群"}
    for cluster in Cluster.objects.filter(name__in=winners):
        assert (cluster.tier, cluster.national_since) == ("national", 2024)
    assert set(Designation.objects.values_list("tier_before", flat=True)) == {"provincial"}
    assert Competition.objects.get().status == Competition.Status.CLOSED
    seed_review(log=lambda text: None)  # seeding again changes nothing
    assert (PublicNotice.objects.count(), Objection.objects.count(), EvaluationRun.objects.count()) == (2, 1, 2)

    suzhou = page_client_for(get_user_model().objects.get(username="suzhou-software"))
    own = Result.objects.get(run=final.run, submission__cluster__promotion_body__slug="suzhou-software")
    assert suzhou.get(reverse("my-result-detail", args=[own.pk])).status_code == 200
    public = page_client_for(None)
    page = public.get(reverse("notice-result", args=[group.pk])).content.decode()
    assert OVERRIDE_REASON in page and "赵静" not in page  # the reason is printed, the expert is not named
    assert public.get(reverse("notice-result", args=[final.pk])).status_code == 200
    # What an expert reads of a blind entry names neither the cluster nor its promotion body.
    assignment = group_assignments.select_related("expert__user", "submission__cluster__promotion_body").first()
    expert = page_client_for(assignment.expert.user)
    page = expert.get(reverse("review-form", args=[assignment.pk])).content.decode()
    entry = assignment.submission
    assert entry.cluster.name not in page and entry.cluster.promotion_body.name not in page


# In the browser ----------------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_visitor_objects_in_the_browser_and_the_ministry_answers(live_server, world, browser_context, sign_in):
    notice = notice_in(world, "open")
    page = browser_context("en-GB").new_page()
    page.goto(live_server.url + reverse("notice-list"))
    page.click(f"#notices a[href='{reverse('notice-detail', args=[notice.pk])}']")
    assert page.locator("table.winners").first.is_visible()
    page.fill("#id_name", "张三")
    page.fill("#id_contact", "not a phone")
    page.fill("#id_text", OBJECTION["text"])
    page.click("#objection-form button[type=submit]")
    page.wait_for_selector("text=Enter a valid e-mail address or telephone number.")
    assert not Objection.objects.exists()
    page.fill("#id_contact", "zhang@example.com")
    page.click("#objection-form button[type=submit]")
    page.wait_for_selector("text=Your objection was received")
    objection = Objection.objects.get()
    assert objection.contact == "zhang@example.com" and objection.lodged_by is None

    page = browser_context("en-GB").new_page()  # the ministry, in a context of its own
    sign_in(page, "t-ministry")
    page.goto(live_server.url + reverse("objection-list"))
    page.click(f"#objections a[href='{reverse('objection-detail', args=[objection.pk])}']")
    page.fill("#id_handling", HANDLING["handling"])
    page.fill("#id_answer", HANDLING["answer"])
    page.click("button:has-text('Mark as handled')")
    page.wait_for_selector("#objection-answer")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.HANDLED and objection.handled_by == world.ministry
