"""Expert review: conflicts of interest (each of the three kinds), the balanced automatic assignment, the manual
override refused on a conflict, recusal, the review window, no peeking at another expert's review, blind review in
the API and the pages, and query counts of the lists."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from evaluations.entries import services
from evaluations.models import Assignment, Review, Round, Submission
from evaluations.review import services as review_services
from evaluations.review.services import AFFILIATION, DECLARED, REGION
from tenancy.errors import Refusal

from .builders.competitions import fill, make_competition
from .builders.review import review_world
from .conftest import count_queries
from .factories import ClusterFactory, ExpertProfileFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def eligible_entries(world, clusters, *, experts_per_entry=2):
    """A round with the given clusters' entries declared eligible (endorsement skipped: set directly)."""
    competition, round_ = make_competition(by=world.ministry)
    now = timezone.now()
    Round._base_manager.filter(pk=round_.pk).update(
        experts_per_entry=experts_per_entry,
        review_opens=now - timedelta(days=1),
        review_closes=now + timedelta(days=5),
    )
    round_.refresh_from_db()
    made = []
    for cluster in clusters:
        submission = services.submission_create(round=round_, cluster=cluster, by=None)
        Submission._base_manager.filter(pk=submission.pk).update(status=Submission.Status.ELIGIBLE, submitted_at=now)
        made.append(submission)
    return round_, made


def expert(username, *, region="110100", affiliation="中国科学院", fields=("high_end_equipment",), eligible=True):
    profile = ExpertProfileFactory(
        user=UserFactory(username=username), region_id=region, affiliation=affiliation, is_eligible=eligible
    )
    profile.fields.set(fields)
    return profile


# Conflicts ---------------------------------------------------------------------------------------------------------


def test_each_kind_of_conflict_is_found_and_nothing_else(world):
    cluster = world.nanjing_cluster  # region 320100 (Nanjing)
    MemberFactory(cluster=cluster, name="南京南瑞集团有限公司", name_en="NARI Group")
    local = expert("e-local", region="320115")  # a district of Nanjing: same prefecture
    province = expert("e-province", region="320000")  # Jiangsu as a whole
    neighbour = expert("e-suzhou", region="320500")  # Suzhou: another prefecture
    affiliated = expert("e-nari", affiliation="南京南瑞集团有限公司 技术中心")
    english = expert("e-nari-en", affiliation="nari group, r&d")
    declared = expert("e-declared")
    review_services.conflict_declare(expert=declared, cluster=cluster, reason="亲属任职", by=world.ministry)
    free = expert("e-free", affiliation="南京")  # too short a name to match anything
    ids = [local.pk, province.pk, neighbour.pk, affiliated.pk, english.pk, declared.pk, free.pk]
    with CaptureQueriesContext(connection) as context:
        found = review_services.conflicts(expert_ids=ids, cluster_ids=[cluster.pk, world.shenzhen_cluster.pk])
    assert len(context.captured_queries) == 4
    assert found == {
        (local.pk, cluster.pk): [REGION],
        (province.pk, cluster.pk): [REGION],
        (affiliated.pk, cluster.pk): [AFFILIATION],
        (english.pk, cluster.pk): [AFFILIATION],
        (declared.pk, cluster.pk): [DECLARED],
    }


def test_conflicts_cost_the_same_queries_for_many_experts_and_clusters(world):
    experts = [expert(f"e-{n}", region="440300") for n in range(12)]
    clusters = [ClusterFactory(region_codes=["440300"]) for _n in range(6)]
    for cluster in clusters:
        MemberFactory(cluster=cluster)
    with CaptureQueriesContext(connection) as context:
        found = review_services.conflicts(expert_ids=[e.pk for e in experts], cluster_ids=[c.pk for c in clusters])
    assert len(context.captured_queries) == 4
    assert len(found) == 72


def test_automatic_assignment_excludes_every_kind_of_conflict(world):
    round_, (entry,) = eligible_entries(world, [world.nanjing_cluster], experts_per_entry=5)
    MemberFactory(cluster=world.nanjing_cluster, name="东南大学")
    expert("e-local", region="320100")
    expert("e-member", affiliation="东南大学电气工程学院")
    declared = expert("e-declared")
    review_services.conflict_declare(expert=declared, cluster=world.nanjing_cluster, reason="顾问", by=world.ministry)
    free = expert("e-free")
    expert("e-ineligible", eligible=False)
    # The cast's expert (Beijing, 东南大学) is affiliated with the member 东南大学 too.
    result = review_services.assign_automatically(round=round_, by=world.ministry)
    assigned = set(Assignment.objects.filter(submission=entry).values_list("expert_id", flat=True))
    assert assigned == {free.pk}
    assert result["created"] == 1
    assert result["unfilled"] == [
        {"submission": entry.pk, "cluster": world.nanjing_cluster.name, "assigned": 1, "missing": 4}
    ]


def test_automatic_assignment_balances_load_and_is_idempotent(world):
    clusters = [ClusterFactory(region_codes=["440300"]) for _n in range(7)]
    round_, made = eligible_entries(world, clusters, experts_per_entry=3)
    world.expert.expert_profile.delete()
    experts = [expert(f"e-{n}") for n in range(5)]
    result = review_services.assign_automatically(round=round_, by=world.ministry)
    assert result == {"created": 21, "unfilled": [], "experts_per_entry": 3, "entries": 7}
    loads = [Assignment.objects.filter(expert=e).count() for e in experts]
    assert sum(loads) == 21 and max(loads) - min(loads) <= 1
    for submission in made:
        assert Assignment.objects.filter(submission=submission).count() == 3
    again = review_services.assign_automatically(round=round_, by=world.ministry)
    assert again["created"] == 0 and Assignment.objects.count() == 21


def test_automatic_assignment_prefers_the_track_field(world):
    round_, (entry,) = eligible_entries(world, [world.shenzhen_cluster], experts_per_entry=1)  # track ngit
    world.expert.expert_profile.delete()
    expert("a-equipment", region="110100", fields=["high_end_equipment"])
    ngit = expert("b-ngit", region="110100", fields=["ngit"])
    review_services.assign_automatically(round=round_, by=world.ministry)
    assert list(Assignment.objects.filter(submission=entry).values_list("expert_id", flat=True)) == [ngit.pk]


def test_manual_override_is_refused_on_a_conflict(world):
    _round, (entry,) = eligible_entries(world, [world.nanjing_cluster])
    local = expert("e-local", region="320100")
    with pytest.raises(Refusal) as refused, translation.override("en"):
        review_services.assignment_add(submission=entry, expert=local, by=world.ministry)
    assert refused.value.code == "conflict"
    assert "based in one of the cluster's regions" in refused.value.message
    assert not Assignment.objects.exists()


def test_manual_override_in_the_api_answers_409_with_the_conflict_code(world, client_for):
    _round, (entry,) = eligible_entries(world, [world.nanjing_cluster])
    local = expert("e-local", region="320100")
    response = client_for(world.ministry).post(
        reverse("api:assignment-list"), {"submission": entry.pk, "expert": local.pk}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    free = expert("e-free")
    response = client_for(world.ministry).post(
        reverse("api:assignment-list"), {"submission": entry.pk, "expert": free.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["source"] == "manual"


def test_recusal_is_replaced_by_rerunning_the_assignment(world, client_for):
    round_, (entry,) = eligible_entries(world, [world.shenzhen_cluster], experts_per_entry=1)
    world.expert.expert_profile.delete()
    first, second = expert("a-first"), expert("b-second")
    review_services.assign_automatically(round=round_, by=world.ministry)
    assignment = Assignment.objects.get(submission=entry)
    assert assignment.expert == first
    response = client_for(first.user).post(
        reverse("api:assignment-recuse", args=[assignment.pk]), {"reason": "曾参与该集群规划编制"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "recused"
    assignment.refresh_from_db()
    assert assignment.recusal_reason == "曾参与该集群规划编制"
    # The recused expert no longer reads the entry.
    assert client_for(first.user).get(reverse("api:entry-detail", args=[entry.pk])).status_code == 404
    review_services.assign_automatically(round=round_, by=world.ministry)
    active = Assignment.objects.filter(submission=entry, status=Assignment.Status.ASSIGNED)
    assert list(active.values_list("expert_id", flat=True)) == [second.pk]


def test_recusal_needs_a_reason(world):
    data = review_world(world)
    with pytest.raises(ValidationError) as error:
        review_services.assignment_recuse(assignment=data["my_assignment"], reason=" ", by=world.expert)
    assert "reason" in error.value.message_dict


# Reviews -----------------------------------------------------------------------------------------------------------


def test_scores_outside_the_range_are_field_errors_and_change_nothing(world, client_for):
    data = review_world(world)
    criterion = data["criterion"]
    url = reverse("api:assignment-review", args=[data["my_assignment"].pk])
    response = client_for(world.expert).put(url, {"scores": {str(criterion.pk): 101}, "submit": True}, format="json")
    assert response.status_code == 400
    assert f"score_{criterion.pk}" in response.json()["error"]["fields"]
    assert Review.objects.get(pk=data["my_review"].pk).status == Review.Status.DRAFT
    assert data["my_review"].scores.get().score == Decimal("80.00")


def test_submitting_needs_every_expert_criterion(world):
    data = review_world(world)
    with pytest.raises(ValidationError) as error:
        review_services.review_save(assignment=data["my_assignment"], scores={}, submit=True, by=world.expert)
    assert f"score_{data['criterion'].pk}" in error.value.message_dict


def test_review_only_within_the_window(world, client_for, page_client_for):
    data = review_world(world)
    round_ = data["round"]
    scores = {data["criterion"].pk: Decimal("90")}
    with pytest.raises(Refusal) as before:
        review_services.review_save(
            assignment=data["my_assignment"], scores=scores, by=world.expert, now=round_.review_opens - timedelta(1)
        )
    assert before.value.code == "window"
    with pytest.raises(Refusal) as after:
        review_services.review_save(
            assignment=data["my_assignment"], scores=scores, by=world.expert, now=round_.review_closes
        )
    assert after.value.code == "window"
    Round._base_manager.filter(pk=round_.pk).update(review_closes=timezone.now() - timedelta(minutes=1))
    response = client_for(world.expert).put(
        reverse("api:assignment-review", args=[data["my_assignment"].pk]),
        {"scores": {str(data["criterion"].pk): 90}, "submit": True},
        format="json",
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "window"
    response = page_client_for(world.expert).post(
        reverse("review-form", args=[data["my_assignment"].pk]),
        {f"score_{data['criterion'].pk}": "90", "submit": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert "review window of this round closed" in response.content.decode()
    assert data["my_review"].scores.get().score == Decimal("80.00")


def test_the_expert_saves_and_submits_a_review_on_the_page(world, page_client_for):
    data = review_world(world)
    client = page_client_for(world.expert)
    url = reverse("review-form", args=[data["my_assignment"].pk])
    response = client.post(url, {f"score_{data['criterion'].pk}": "87.5", "comments": "协作网络完整", "submit": "1"})
    assert response.status_code == 302
    review = Review.objects.get(assignment=data["my_assignment"])
    assert review.status == Review.Status.SUBMITTED and review.comments == "协作网络完整"
    assert review.scores.get().score == Decimal("87.50")
    assert review.history.first().history_user == world.expert


def test_no_peeking_at_another_experts_review(world, client_for):
    data = review_world(world)
    body = client_for(world.expert).get(reverse("api:review-list")).json()
    assert [row["id"] for row in body["results"]] == [data["my_review"].pk]
    assert client_for(world.expert).get(reverse("api:review-detail", args=[data["other_review"].pk])).status_code == 404
    # …not even once the window has closed.
    Round._base_manager.filter(pk=data["round"].pk).update(review_closes=timezone.now() - timedelta(minutes=1))
    body = client_for(world.expert).get(reverse("api:review-list")).json()
    assert [row["id"] for row in body["results"]] == [data["my_review"].pk]
    ministry = client_for(world.ministry).get(reverse("api:review-list")).json()
    assert {row["id"] for row in ministry["results"]} == {data["my_review"].pk, data["other_review"].pk}


def test_ministry_sees_the_progress_per_entry(world, client_for):
    data = review_world(world)
    body = client_for(world.ministry).get(reverse("api:round-review-review-progress", args=[data["round"].pk])).json()
    assert body["results"] == [
        {
            "id": data["entry"].pk,
            "cluster": world.wuxi_cluster.pk,
            "cluster_name": world.wuxi_cluster.name,
            "track": "high_end_equipment",
            "status": "eligible",
            "assigned": 2,
            "submitted": 1,
        }
    ]


def test_the_expert_reads_the_assigned_entry_and_its_evidence_but_no_other(world, client_for, page_client_for):
    data = review_world(world)
    client = client_for(world.expert)
    entry = data["entry"]
    # The entry itself is read through the assignment (redacted in a blind review), not the entries API or page.
    assert client.get(reverse("api:entry-detail", args=[entry.pk])).status_code == 404
    assert client.get(reverse("api:entry-list")).json()["results"] == []
    page = page_client_for(world.expert).get(reverse("entry-detail", args=[entry.pk]))
    assert page.status_code == 302 and page["Location"] == reverse("review-form", args=[data["my_assignment"].pk])
    claimed = entry.claimed_values.first()
    assert client.get(reverse("api:entry-evidence", args=[entry.pk, claimed.pk])).status_code == 200
    assert client.get(reverse("api:entry-trail", args=[entry.pk])).json() == []
    assert client.get(reverse("api:entry-history", args=[entry.pk])).status_code == 403
    other = fill(services.submission_create(round=data["round"], cluster=world.shenzhen_cluster, by=None), by=None)
    assert client.get(reverse("api:entry-detail", args=[other.pk])).status_code == 404
    assert page_client_for(world.expert).get(reverse("entry-detail", args=[other.pk])).status_code == 404
    # The cluster of a non-blind assigned entry is readable; no other.
    assert client.get(reverse("api:cluster-detail", args=[world.wuxi_cluster.pk])).status_code == 200
    assert client.get(reverse("api:cluster-detail", args=[world.shenzhen_cluster.pk])).status_code == 404


# Blind review ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("blind", [False, True])
def test_blind_review_hides_the_promotion_body_and_member_names(world, client_for, page_client_for, blind):
    data = review_world(world)
    MemberFactory(cluster=world.wuxi_cluster, name="无锡物联网龙头企业有限公司")
    entry = data["entry"]
    sections = dict(entry.sections, overview="本集群以无锡物联网龙头企业有限公司为核心。")
    Submission._base_manager.filter(pk=entry.pk).update(sections=sections)
    Round._base_manager.filter(pk=data["round"].pk).update(blind_review=blind)
    body = world.wuxi_cluster.promotion_body
    body_name = body.name_en or body.name  # the pages and the API speak English here
    api = client_for(world.expert).get(
        reverse("api:assignment-detail", args=[data["my_assignment"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = page_client_for(world.expert).get(
        reverse("review-form", args=[data["my_assignment"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = client_for(world.expert).get(reverse("api:assignment-list"), HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    text, html = api.content.decode(), page.content.decode()
    for shown in (text, html):
        assert ("无锡物联网龙头企业有限公司" in shown) is (not blind)
    for shown in (text, html, str(rows)):
        assert (body_name in shown) is (not blind)
        assert body.name not in shown or not blind
    if blind:
        assert api.json()["entry"]["promotion_body"] is None
        assert api.json()["entry"]["members"] == []
        assert api.json()["entry"]["sections"]["overview"] == "本集群以[member]为核心。"
        assert rows[0]["promotion_body"] is None and rows[0]["cluster_name"] is None
        assert "names hidden for blind review" in html and "本集群以[member]为核心。" in html
        # The cluster page (members, promotion body) is closed to the expert in a blind review.
        assert (
            client_for(world.expert).get(reverse("api:cluster-detail", args=[world.wuxi_cluster.pk])).status_code == 404
        )
    else:
        assert api.json()["entry"]["promotion_body"] == body_name
        assert "无锡物联网龙头企业有限公司" in api.json()["entry"]["members"]


# Query counts ------------------------------------------------------------------------------------------------------


def _more_assignments(world, data, n):
    clusters = [ClusterFactory(region_codes=["440300"]) for _i in range(n)]
    for cluster in clusters:
        submission = services.submission_create(round=data["round"], cluster=cluster, by=None)
        Submission._base_manager.filter(pk=submission.pk).update(status=Submission.Status.ELIGIBLE)
        assignment = review_services.assignment_add(submission=submission, expert=data["mine"], by=world.ministry)
        review_services.review_save(assignment=assignment, scores={data["criterion"].pk: 50}, by=world.expert)
        expert(f"pool-{cluster.pk}")


@pytest.mark.parametrize(
    "role,route,page",
    [
        ("expert", "api:assignment-list", False),
        ("ministry", "api:assignment-list", False),
        ("expert", "api:review-list", False),
        ("ministry", "api:review-list", False),
        ("ministry", "api:expert-pool-list", False),
        ("ministry", "api:conflict-list", False),
        ("expert", "my-assignments", True),
        ("ministry", "expert-pool", True),
        ("ministry", "conflict-list", True),
        ("ministry", "round-assignments", True),
        ("ministry", "api:round-review-review-progress", False),
    ],
)
def test_list_query_count_does_not_grow(world, client_for, page_client_for, role, route, page):
    data = review_world(world)
    args = [data["round"].pk] if route in ("round-assignments", "api:round-review-review-progress") else []
    client = page_client_for(world.user(role)) if page else client_for(world.user(role))
    url = reverse(route, args=args)
    client.get(url)  # warm caches (content types, sessions)
    few = count_queries(lambda: client.get(url))
    _more_assignments(world, data, 4)
    for n in range(3):
        review_services.conflict_declare(
            expert=expert(f"c-{n}"), cluster=world.shenzhen_cluster, reason="顾问", by=world.ministry
        )
    response = client.get(url)
    assert response.status_code == 200
    many = count_queries(lambda: client.get(url))
    assert few == many


def test_eligibility_check_is_recorded_in_the_history(world, client_for):
    data = review_world(world)
    third = data["third"]
    response = client_for(world.ministry).post(
        reverse("api:expert-pool-eligibility", args=[third.pk]), {"is_eligible": False}, format="json"
    )
    assert response.status_code == 200 and response.json()["is_eligible"] is False
    record = third.history.first()
    assert record.history_user == world.ministry and record.is_eligible is False
    result = review_services.assign_automatically(round=data["round"], by=world.ministry)
    assert not Assignment.objects.filter(expert=third).exists()
    # The round asks for 5 experts; the entry keeps its 2 and no other eligible expert is left.
    assert result["created"] == 0
    assert result["unfilled"] == [
        {"submission": data["entry"].pk, "cluster": world.wuxi_cluster.name, "assigned": 2, "missing": 3}
    ]
