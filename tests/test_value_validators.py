"""One validator per kind of value (tenancy.validators): a member's joined year within 1949..the current year
through the API and the import; names without control, bidirectional or only invisible characters."""

import pytest
from django.utils import timezone

from clusters.models import ImportJob

from .builders.imports_files import code, csv_bytes
from .builders.members import errors, post_member

pytestmark = pytest.mark.usefixtures("_media")


@pytest.mark.parametrize("year", [1800, 1948, timezone.localdate().year + 1, 3000])
def test_a_joined_year_outside_its_range_is_a_field_error(world, nanjing, year):
    response = post_member(nanjing, world.nanjing_cluster, joined_year=year)
    assert response.status_code == 400
    assert errors(response) == {
        "joined_year": [f"Enter a year between 1949 and {timezone.localdate().year}."],
    }


def test_a_joined_year_within_its_range_is_kept(world, nanjing):
    response = post_member(nanjing, world.nanjing_cluster, joined_year=1949)
    assert response.status_code == 201
    assert response.json()["joined_year"] == 1949


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "南瑞\x1b[31m继保",
            "A name cannot contain control characters (such as line breaks, tabs or escape sequences).",
        ),
        ("南瑞\u202e保继", "A name cannot contain characters that reverse the direction of the text."),
        ("\u200b", "A name needs visible characters; this one holds only spaces or invisible characters."),
    ],
)
def test_names_with_control_or_invisible_characters_are_refused(world, nanjing, name, message):
    response = post_member(nanjing, world.nanjing_cluster, name=name)
    assert response.status_code == 400
    assert errors(response) == {"name": [message]}


def test_the_import_refuses_a_joined_year_in_the_future(world, links, upload):
    rows = [["南京示例电气1有限公司", code(1), "2099"], ["南京示例电气2有限公司", code(2), "2001"]]
    _response, job = upload(csv_bytes(["名称", "统一社会信用代码", "加入年份"], rows, "utf-8"))
    assert job.status == ImportJob.Status.FAILED
    assert [(row["row"], row["message"]) for row in job.report] == [
        (2, f"Enter a year between 1949 and {timezone.localdate().year}.")
    ]


def _post_policy(world, client_for, **fields):
    from django.urls import reverse

    from .builders.policies import ensure_categories

    ensure_categories()
    client = client_for(world.jiangsu)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = {"title": "范围测试政策", "issued_on": "2024-01-01", "categories": ["industry"], **fields}
    return client.post(reverse("api:policy-list"), body, format="json")


def test_a_policy_dated_year_one_is_refused_as_too_early_not_as_future(world, client_for):
    response = _post_policy(world, client_for, issued_on="0001-01-01")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["issued_on"] == ["The issue date cannot be before 1949."]


def test_a_policy_text_past_its_limit_is_refused(world, client_for):
    response = _post_policy(world, client_for, text="政" * 200_001)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"text": ["At most 200000 characters."]}
    assert _post_policy(world, client_for, text="政" * 1000).status_code == 201


@pytest.mark.parametrize("year", ["1800", "9999"])
def test_round_dates_outside_the_programme_years_are_field_errors(world, client_for, year):
    from django.urls import reverse

    from evaluations.models import Round

    from .builders.competitions import make_competition

    competition, _round = make_competition(by=world.ministry, publish=False)
    response = client_for(world.ministry).post(
        reverse("api:round-list"),
        {
            "competition": competition.pk,
            "name": "综合赛",
            "submission_opens": f"{year}-01-01T00:00:00+08:00",
            "submission_closes": "2030-02-01T00:00:00+08:00",
            "review_opens": "2030-02-01T00:00:00+08:00",
            "review_closes": "2030-03-01T00:00:00+08:00",
            "advancement_rule": "top_n",
            "advance_top_n": 5,
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["submission_opens"] == ["Enter a date between the years 2000 and 2100."]
    assert Round.objects.filter(competition=competition).count() == 1


def test_disbursement_errors_come_back_per_row_and_field_not_as_a_repr(world, client_for):
    from django.urls import reverse

    from .builders.policies import make_policy

    policy = make_policy(world, "jiangsu", "draft")
    client = client_for(world.jiangsu)
    response = client.post(
        reverse("api:instrument-list"),
        {
            "policy": policy.pk,
            "kind": "subsidy",
            "category": "industry",
            "name": "补贴",
            "amount": "500.00",
            "disbursements": [{"year": 2021, "amount": "abc"}],
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields == {"disbursements.0.amount": ["A valid number is required."]}


def test_drf_messages_without_translation_marks_are_given_in_chinese(world, client_for):
    from django.urls import reverse

    client = client_for(world.jiangsu)
    broken = client.post(
        reverse("api:policy-list"), "{not json", content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert broken.status_code == 400
    assert broken.json()["error"]["message"] == "请求内容不是有效的 JSON。"
    empty = client.post(reverse("api:policy-list"), "null", content_type="application/json")
    assert empty.status_code == 400
    assert empty.json()["error"]["fields"] == {"non_field_errors": ["未提交任何数据。"]}


@pytest.mark.parametrize(("param", "value"), [("limit", "abc"), ("limit", "0"), ("offset", "-1"), ("offset", "1.5")])
def test_invalid_paging_is_a_field_error_not_the_default_page(world, client_for, param, value):
    from django.urls import reverse

    response = client_for(world.ministry).get(reverse("api:policy-list"), {param: value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    low = 1 if param == "limit" else 0
    assert response.json()["error"]["fields"] == {param: [f"Enter a whole number of at least {low}."]}


def test_instrument_counts_are_served_on_every_policy_and_toolkit_response(world, client_for):
    from django.urls import reverse

    from .builders.policies import make_instrument, make_policy, make_toolkit

    policy = make_policy(world, "jiangsu", "published")
    instrument = make_instrument(policy)
    make_instrument(policy)
    client = client_for(world.jiangsu)
    assert client.get(reverse("api:policy-detail", args=[policy.pk])).json()["instrument_count"] == 2
    assert client.post(reverse("api:policy-expire", args=[policy.pk])).json()["instrument_count"] == 2
    toolkit = make_toolkit(world, "jiangsu", "nanjing_cluster", policies=[policy], instruments=[instrument])
    body = client.get(reverse("api:toolkit-detail", args=[toolkit.pk])).json()
    assert (body["policy_count"], body["instrument_count"]) == (1, 1)


def test_a_boolean_filter_that_is_neither_true_nor_false_is_a_field_error(world, client_for):
    from django.urls import reverse

    client = client_for(world.nanjing_body)
    response = client.get(reverse("api:member-list"), {"is_local": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"is_local": ["Enter true or false."]}
    assert client.get(reverse("api:member-list"), {"is_local": "true"}).status_code == 200
    assert client.get(reverse("api:member-list"), {"is_local": "0"}).status_code == 200


# The schema states the ranges the server holds -------------------------------------------------------------------


@pytest.fixture
def schema(client_for, world):
    return client_for(world.ministry).get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]


@pytest.mark.parametrize(
    ("component", "field", "low", "high"),
    [
        ("MemberWriteRequest", "joined_year", 1949, 0),
        ("ObservationRequest", "year", 1990, 1),
        ("MilestoneRequest", "year", 1900, 1),
        ("DisbursementRequest", "year", 1949, 0),
        ("MonitoringEvaluationRequest", "year", 2000, 0),
        ("PlanTargetRequest", "baseline_year", 2000, None),
        ("PlanTargetRequest", "target_year", 2000, None),
    ],
)
def test_the_schema_gives_each_year_field_its_range(schema, component, field, low, high):
    prop = schema[component]["properties"][field]
    this_year = timezone.localdate().year
    assert (prop["minimum"], prop["maximum"]) == (low, 2100 if high is None else this_year + high)


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("MemberWriteRequest", "revenue"),
        ("MemberWriteRequest", "rd_spend"),
        ("CollaborationRequest", "value"),
        ("InstrumentRequest", "amount"),
        ("DisbursementRequest", "amount"),
    ],
)
def test_the_schema_allows_no_minus_sign_where_the_server_refuses_negative_money(schema, component, field):
    assert schema[component]["properties"][field]["pattern"].startswith("^\\d")


def test_the_server_refuses_what_the_schema_excludes(world, nanjing):
    response = post_member(nanjing, world.nanjing_cluster, revenue="-1.00")
    assert response.status_code == 400 and list(errors(response)) == ["revenue"]


@pytest.mark.parametrize("year", [1899, timezone.localdate().year + 2])
def test_a_milestone_year_outside_its_range_is_a_field_error(world, nanjing, year):
    response = nanjing.post(
        "/api/v1/milestones/",
        {"cluster": world.nanjing_cluster.pk, "year": year, "kind": "policy", "title": "集群促进机构成立"},
        format="json",
    )
    assert response.status_code == 400
    low, high = 1900, timezone.localdate().year + 1
    assert errors(response) == {"year": [f"Enter a year between {low} and {high}."]}
