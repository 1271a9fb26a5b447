"""Competitions, tracks, rounds and rubrics: who writes and reads them, the rubric rules (weights sum to 100,
maximum score, indicator criteria, dimensions), round windows, publication, and the query counts of the lists."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.competitions import services as competition_services
from evaluations.models import Competition, Criterion, Round

from .builders.competitions import RUBRIC, entries, make_competition
from .conftest import count_queries
from .factories import indicator

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def rubric_payload(*weights, kinds=None):
    kinds = kinds or ["expert"] * len(weights)
    rows = []
    for number, (weight, kind) in enumerate(zip(weights, kinds, strict=True)):
        row = {"name": f"指标{number}", "kind": kind, "weight": weight, "dimension": "policy_guidance"}
        if kind == "indicator":
            row["indicator"] = ["revenue", "rd_intensity", "little_giants"][number % 3]
        rows.append(row)
    return {"criteria": rows}


# Rubric rules ------------------------------------------------------------------------------------------------------


def test_rubric_weights_must_sum_to_exactly_100_in_the_api(world, client_for):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    before = list(Criterion.objects.filter(round=round_).values_list("name", "weight"))
    response = client_for(world.ministry).put(
        reverse("api:round-rubric", args=[round_.pk]), rubric_payload(50, 40), format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["weight"] == ["The weights sum to 90; they must sum to exactly 100."]
    assert list(Criterion.objects.filter(round=round_).values_list("name", "weight")) == before


def test_rubric_is_replaced_as_a_whole(world, client_for):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    kept = Criterion.objects.get(round=round_, kind="expert")
    payload = {
        "criteria": [
            {"id": kept.pk, "name": "协作网络", "kind": "expert", "weight": 55.5, "dimension": "division_of_labour"},
            {
                "name": "研发投入强度",
                "kind": "indicator",
                "weight": 44.5,
                "indicator": "rd_intensity",
                "max_score": 10,
                "dimension": "technology_diffusion",
            },
        ]
    }
    response = client_for(world.ministry).put(reverse("api:round-rubric", args=[round_.pk]), payload, format="json")
    assert response.status_code == 200, response.content
    rows = list(Criterion.objects.filter(round=round_).order_by("position").values_list("pk", "name", "weight", "kind"))
    assert rows[0][:3] == (kept.pk, "协作网络", pytest.approx(55.5))
    assert [r[1] for r in rows] == ["协作网络", "研发投入强度"]
    assert Criterion.objects.get(round=round_, kind="indicator").indicator.code == "rd_intensity"
    assert Criterion.objects.filter(round=round_).count() == 2  # the old revenue criterion is gone


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"kind": "indicator", "indicator": None}, "an indicator criterion names the indicator it is computed from."),
        (
            {"kind": "expert", "indicator": "revenue"},
            "an expert criterion is scored by reviewers and names no indicator.",
        ),
        ({"max_score": 0}, "the maximum score must be more than 0."),
    ],
    ids=["indicator-without-indicator", "expert-with-indicator", "zero-max-score"],
)
def test_rubric_rows_are_checked(world, client_for, row, message):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    payload = {
        "criteria": [
            {"name": "甲", "kind": "expert", "weight": 50, "dimension": "policy_guidance", **row},
            {"name": "乙", "kind": "expert", "weight": 50, "dimension": "policy_guidance"},
        ]
    }
    response = client_for(world.ministry).put(
        reverse("api:round-rubric", args=[round_.pk]), payload, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["criteria"] == [f"Criterion 1 (甲): {message}"]


def test_rubric_dimension_comes_from_the_fixed_list(world, client_for):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    payload = rubric_payload(50, 50)
    payload["criteria"][0]["dimension"] = "luck"
    response = client_for(world.ministry).put(reverse("api:round-rubric", args=[round_.pk]), payload, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["criteria.0.dimension"]  # field-level, not a repr


def test_rubric_is_fixed_once_an_entry_is_submitted(world, client_for):
    round_ = entries(world)["round"]
    response = client_for(world.ministry).put(
        reverse("api:round-rubric", args=[round_.pk]), RUBRIC, format="json", **EN
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "Entries of this round have been submitted: its rubric can no longer change."
    )
    assert Criterion.objects.filter(round=round_).count() == 2


def test_rubric_formset_refuses_weights_not_summing_to_100(world, page_client_for):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    client = page_client_for(world.ministry)
    criteria = list(Criterion.objects.filter(round=round_).order_by("position"))
    data = {
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "2",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, criterion in enumerate(criteria):
        data.update(
            {
                f"criteria-{index}-id": criterion.pk,
                f"criteria-{index}-name": criterion.name,
                f"criteria-{index}-kind": criterion.kind,
                f"criteria-{index}-weight": "45",
                f"criteria-{index}-max_score": "100",
                f"criteria-{index}-indicator": criterion.indicator.code if criterion.indicator else "",
                f"criteria-{index}-dimension": criterion.dimension,
            }
        )
    response = client.post(reverse("rubric-edit", args=[round_.pk]), data, **EN)
    assert response.status_code == 400
    assert "The weights sum to 90; they must sum to exactly 100." in response.content.decode()
    assert sorted(Criterion.objects.filter(round=round_).values_list("weight", flat=True)) == [40, 60]
    data["criteria-0-weight"] = "55"
    response = client.post(reverse("rubric-edit", args=[round_.pk]), data)
    assert response.status_code == 302
    assert sorted(Criterion.objects.filter(round=round_).values_list("weight", flat=True)) == [45, 55]


# Rounds ------------------------------------------------------------------------------------------------------------


def test_round_windows_must_be_in_order(world, client_for):
    competition, _round = make_competition(by=world.ministry, publish=False)
    now = timezone.now()
    response = client_for(world.ministry).post(
        reverse("api:round-list"),
        {
            "competition": competition.pk,
            "name": "综合赛",
            "submission_opens": now.isoformat(),
            "submission_closes": (now - timedelta(days=1)).isoformat(),
            "review_opens": (now - timedelta(days=2)).isoformat(),
            "review_closes": (now + timedelta(days=3)).isoformat(),
            "advancement_rule": "threshold",
        },
        format="json",
        **EN,
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["submission_closes"] == ["The submission deadline comes after the opening."]
    assert fields["review_opens"] == ["The review opens at or after the submission deadline."]
    assert fields["advance_threshold"] == ["Enter a score threshold above 0 and at most 100."]
    assert Round.objects.filter(competition=competition).count() == 1


def test_ministry_adds_a_second_round_with_a_threshold(world, client_for):
    competition, _round = make_competition(by=world.ministry, publish=False)
    now = timezone.now()
    response = client_for(world.ministry).post(
        reverse("api:round-list"),
        {
            "competition": competition.pk,
            "name": "综合赛",
            "name_en": "Comprehensive round",
            "submission_opens": (now + timedelta(days=40)).isoformat(),
            "submission_closes": (now + timedelta(days=50)).isoformat(),
            "review_opens": (now + timedelta(days=50)).isoformat(),
            "review_closes": (now + timedelta(days=60)).isoformat(),
            "advancement_rule": "threshold",
            "advance_threshold": 80,
            "advance_top_n": 5,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["position"], body["advance_threshold"], body["advance_top_n"]) == (2, 80.0, None)


def test_local_government_cannot_write_competitions(world, client_for):
    competition = entries(world)["competition"]
    response = client_for(world.jiangsu).patch(
        reverse("api:competition-detail", args=[competition.pk]), {"name": "改名"}, format="json"
    )
    assert response.status_code == 403
    assert Competition.objects.get(pk=competition.pk).name == competition.name


# Competitions ------------------------------------------------------------------------------------------------------


def test_draft_competitions_are_the_ministrys_alone(world, client_for):
    draft, _round = make_competition(by=world.ministry, name="草稿", publish=False)
    published = entries(world)["competition"]
    for role, expected in [
        ("ministry", {draft.pk, published.pk}),
        ("jiangsu", {published.pk}),
        ("shenzhen_body", {published.pk}),
        ("expert", set()),
    ]:
        body = client_for(world.user(role)).get(reverse("api:competition-list")).json()
        assert {row["id"] for row in body["results"]} == expected, role


def test_publish_needs_tracks_rounds_and_complete_rubrics(world, client_for):
    competition = competition_services.competition_create(year=2025, name="空竞赛", by=world.ministry)
    response = client_for(world.ministry).post(
        reverse("api:competition-publish", args=[competition.pk]), format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["non_field_errors"] == [
        "Add at least one track.",
        "Add at least one round.",
    ]
    assert Competition.objects.get(pk=competition.pk).status == "draft"


def test_competition_create_with_tracks_and_history(world, client_for):
    client = client_for(world.ministry)
    response = client.post(
        reverse("api:competition-list"),
        {
            "year": 2026,
            "name": "2026年竞赛",
            "tracks": ["ngit", "high_end_equipment"],
            "endorsement_level": "prefecture",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and sorted(body["tracks"]) == ["high_end_equipment", "ngit"]
    duplicate = client.post(reverse("api:competition-list"), {"year": 2026, "name": "2026年竞赛"}, format="json", **EN)
    assert duplicate.status_code == 400
    assert duplicate.json()["error"]["fields"]["name"] == ["A competition with this name exists."]
    history = client.get(reverse("api:competition-history", args=[body["id"]])).json()
    assert history[0]["user"] == "t-ministry" and history[0]["type"] == "+"


def test_competition_pages_show_tracks_rounds_and_rubric(world, page_client_for):
    competition = entries(world)["competition"]
    page = (
        page_client_for(world.shenzhen_body)
        .get(reverse("competition-detail", args=[competition.pk]), **EN)
        .content.decode()
    )
    assert "Group round" in page and "Top 3 per track" in page
    assert "营业收入" in page and "Resource endowment and trigger events" in page
    assert "Edit rubric" not in page  # a promotion body reads only
    listing = page_client_for(world.jiangsu).get(reverse("competition-list")).content.decode()
    assert competition.name in listing


def test_ministry_creates_a_competition_through_the_page(world, page_client_for):
    client = page_client_for(world.ministry)
    response = client.post(
        reverse("competition-add"),
        {
            "year": 2027,
            "name": "2027年竞赛",
            "endorsement_level": "province",
            "fields": ["ngit"],
            "entry_tiers": ["cultivating", "provincial"],
        },
    )
    assert response.status_code == 302
    competition = Competition.objects.get(name="2027年竞赛")
    assert list(competition.tracks.values_list("field_id", flat=True)) == ["ngit"]
    assert competition.entry_tiers == ["cultivating", "provincial"] and competition.province_quota is None
    bad = client.post(reverse("competition-add"), {"year": 1990, "name": "", "endorsement_level": "province"}, **EN)
    assert bad.status_code == 400
    assert "Ensure this value is greater than or equal to 2019." in bad.content.decode()


def test_the_demo_competition_is_for_provincial_candidates_with_entries_in_and_out(db):
    from clusters.demo import seed_clusters
    from clusters.observations.demo import seed_observations
    from evaluations.competitions.demo import NAME, seed_competitions
    from evaluations.models import Submission
    from tenancy.demo import seed_organisations

    indicator("revenue")  # the shipped catalogue (reloaded if a transactional test flushed it)
    quiet = {"log": lambda *args: None}
    seed_organisations(**quiet)
    seed_clusters(**quiet)
    seed_observations(**quiet)
    seed_competitions(**quiet)
    seed_competitions(**quiet)  # idempotent
    competition = Competition.objects.get(name=NAME)
    assert competition.status == "published" and competition.entry_tiers == ["cultivating", "provincial"]
    assert competition.province_quota == 2
    for name in ("2021", "2022", "51个", "80个"):
        assert name not in competition.description  # no figure the sources do not give
    assert list(competition.rounds.values_list("name", "blind_review", "experts_per_entry")) == [
        ("小组赛", True, 3),
        ("综合赛", False, 3),
    ]
    for round_ in competition.rounds.all():
        assert sum(round_.criteria.values_list("weight", flat=True)) == 100
        assert set(round_.criteria.values_list("kind", flat=True)) == {"expert", "indicator"}
    entries = Submission.objects.select_related("cluster__promotion_body")
    assert {entry.cluster.tier for entry in entries} == {"provincial"}  # none of the national clusters
    states = {entry.cluster.promotion_body.slug: (entry.status, entry.status_reason) for entry in entries}
    assert states["wuhu-sensors"][0] == "ineligible" and states["wuhu-sensors"][1].startswith("形式审查不通过")
    assert states["taizhou-pharma"][0] == "withdrawn" and "撤回" in states["taizhou-pharma"][1]
    assert states["ningbo-textiles"][0] == "returned"
    eligible = sorted(slug for slug, (status, _reason) in states.items() if status == "eligible")
    assert eligible == [
        "changzhou-equipment",
        "suzhou-software",
        "xiangtan-equipment",
        "zhongshan-home",
        "zhuhai-biomed",
    ]
    assert Submission.objects.count() == 8
    # The claimed values are the candidates' own 2023 observations.
    suzhou = entries.get(cluster__promotion_body__slug="suzhou-software")
    claimed = dict(suzhou.claimed_values.values_list("criterion__indicator__code", "value"))
    assert float(claimed["revenue"]) == round(540 / 1.08, 0)


# Query counts ------------------------------------------------------------------------------------------------------


def grow_competitions(world, n):
    for number in range(n):
        make_competition(by=world.ministry, name=f"竞赛{number}", fields=["ngit"])


LISTS = [
    ("api:competition-list", True, grow_competitions),
    ("competition-list", False, grow_competitions),
    ("api:round-list", True, grow_competitions),
    ("api:criterion-list", True, grow_competitions),
]


@pytest.mark.parametrize(("route", "api", "grow"), LISTS, ids=[e[0] for e in LISTS])
@pytest.mark.parametrize("role", ["ministry", "jiangsu"])
def test_competition_list_query_count_does_not_grow(world, client_for, page_client_for, route, api, grow, role):
    grow(world, 1)
    client = client_for(world.user(role)) if api else page_client_for(world.user(role))
    url = reverse(route)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    grow_more = lambda: [make_competition(by=world.ministry, name=f"更多{n}", fields=["ngit"]) for n in range(8)]  # noqa: E731
    grow_more()
    many = count_queries(lambda: client.get(url))
    assert few == many, f"{route}: {few} queries with 1 competition, {many} with 9"
