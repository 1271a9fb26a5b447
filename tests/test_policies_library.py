"""The policy library: validation, attachments, search and filters, coverage on known data, comparison and its
Excel export, publish / expire audit, what each role's lists hold, query counts and the demo data."""

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from policies.library import selectors, services
from policies.models import Instrument, InstrumentDisbursement, Policy, Toolkit
from tenancy.errors import Refusal
from tenancy.scoping import viewer_scope
from tenancy.visibility import Viewer

from .builders.policies import PDF, ensure_categories, make_instrument, make_policy, make_toolkit
from .conftest import count_queries
from .factories import ClusterFactory


@pytest.fixture(autouse=True)
def _categories_and_english(db):
    """The shipped categories, and English messages from the services (requests choose their own language)."""
    ensure_categories()
    with translation.override("en"):
        yield


def docx_bytes(member="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<document/>")
    return buffer.getvalue()


def policy_fields(**overrides):
    fields = {"title": "关于支持集群发展的若干措施", "issued_on": datetime.date(2022, 5, 1)}
    fields.update(overrides)
    return fields


# Validation --------------------------------------------------------------------------------------------------------


def test_effective_date_before_issue_date_is_a_field_error_and_creates_nothing(world):
    with pytest.raises(ValidationError) as caught:
        services.policy_create(
            issuer=world.orgs["jiangsu"],
            by=world.jiangsu,
            categories=["industry"],
            **policy_fields(effective_on=datetime.date(2022, 4, 30)),
        )
    assert caught.value.message_dict == {"effective_on": ["A policy cannot take effect before it is issued."]}
    assert Policy.objects.count() == 0


def test_a_policy_needs_a_category_and_a_local_one_targets_only_its_jurisdiction(world):
    with pytest.raises(ValidationError) as caught:
        services.policy_create(
            issuer=world.orgs["jiangsu"],
            by=world.jiangsu,
            categories=[],
            target_clusters=[world.nanjing_cluster, world.shenzhen_cluster],
            **policy_fields(),
        )
    errors = caught.value.message_dict
    assert errors["categories"] == ["Choose at least one category."]
    assert errors["target_clusters"] == [f"These clusters are outside your jurisdiction: {world.shenzhen_cluster.name}"]
    assert Policy.objects.count() == 0


def test_level_follows_the_issuer(world):
    from tests.factories import OrganisationFactory

    nanjing_government = OrganisationFactory(kind="local", region_id="320100", slug="t-nanjing-gov")
    levels = {
        org: services.policy_create(issuer=issuer, by=world.ministry, categories=["industry"], **policy_fields()).level
        for org, issuer in (
            ("ministry", world.orgs["ministry"]),
            ("jiangsu", world.orgs["jiangsu"]),
            ("nanjing", nanjing_government),
        )
    }
    assert levels == {"ministry": "national", "jiangsu": "provincial", "nanjing": "municipal"}
    with pytest.raises(ValidationError) as caught:
        services.policy_create(
            issuer=world.orgs["nanjing_body"], by=world.nanjing_body, categories=["industry"], **policy_fields()
        )
    assert "issuer" in caught.value.message_dict


def test_amounts_are_not_negative_and_disbursements_stay_within_the_amount(world):
    policy = make_policy(world, "jiangsu", categories=["industry", "finance"])
    base = {"kind": "subsidy", "category": "industry", "name": "技改补贴"}
    with pytest.raises(ValidationError) as caught:
        services.instrument_create(policy=policy, by=world.jiangsu, amount=Decimal("-1"), **base)
    assert caught.value.message_dict == {"amount": ["The amount cannot be negative."]}
    with pytest.raises(ValidationError) as caught:
        services.instrument_create(
            policy=policy,
            by=world.jiangsu,
            amount=Decimal("1000"),
            disbursements=[(2020, "600"), (2021, "500")],
            **base,
        )
    assert caught.value.message_dict == {
        "disbursements": ["The disbursements add up to 1,100.00 yuan, more than the 1,000.00 yuan committed."]
    }
    with pytest.raises(ValidationError) as caught:
        services.instrument_create(
            policy=policy,
            by=world.jiangsu,
            amount=Decimal("1000"),
            disbursements=[(2020, "100"), (2020, "200"), (2019, "1")],
            **base,
        )
    assert caught.value.message_dict["disbursements"] == [
        "2020 is listed twice: one disbursement per year.",
        f"A disbursement's year lies between 2020 (the policy's issue year) and {datetime.date.today().year}.",
    ]
    assert Instrument.objects.count() == 0
    instrument = services.instrument_create(
        policy=policy, by=world.jiangsu, amount=Decimal("1000"), disbursements=[(2020, "600"), (2021, "400")], **base
    )
    assert instrument.disbursements.count() == 2
    with pytest.raises(ValidationError) as caught:
        services.instrument_update(instrument=instrument, by=world.jiangsu, amount=Decimal("999"))
    assert caught.value.message_dict == {
        "amount": ["1,000.00 yuan has already been disbursed; the amount cannot be lower."]
    }
    instrument.refresh_from_db()
    assert instrument.amount == Decimal("1000.00")


def test_one_disbursement_per_year_is_also_a_database_constraint(world):
    instrument = make_instrument(make_policy(world, "jiangsu"), paid={2021: "10"})
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentDisbursement.objects.create(instrument=instrument, year=2021, amount="5")


def test_an_instrument_sits_in_one_of_its_policys_categories(world):
    policy = make_policy(world, "jiangsu", categories=["industry"])
    with pytest.raises(ValidationError) as caught:
        services.instrument_create(
            policy=policy, by=world.jiangsu, kind="land", category="land", name="用地保障", amount=Decimal("0")
        )
    assert caught.value.message_dict == {"category": ["Choose one of the policy's categories."]}
    make_instrument(policy, category="industry", name="专项资金")
    with pytest.raises(ValidationError) as caught:
        services.policy_update(policy=policy, by=world.jiangsu, categories=["finance"])
    assert "专项资金" in caught.value.message_dict["categories"][0]
    assert list(policy.categories.values_list("code", flat=True)) == ["industry"]


def test_status_moves_draft_published_expired_only(world):
    policy = make_policy(world, "jiangsu", "draft")
    with pytest.raises(Refusal):
        services.policy_expire(policy=policy, by=world.jiangsu)
    services.policy_publish(policy=policy, by=world.jiangsu)
    with pytest.raises(Refusal):
        services.policy_publish(policy=policy, by=world.jiangsu)
    with pytest.raises(Refusal):
        services.policy_delete(policy=policy, by=world.jiangsu)
    services.policy_expire(policy=policy, by=world.jiangsu)
    with pytest.raises(Refusal) as caught:
        services.policy_update(policy=policy, by=world.jiangsu, title="改名")
    assert (caught.value.message, caught.value.code) == ("An expired policy cannot be changed.", "not_editable")
    policy.refresh_from_db()
    assert (policy.status, policy.title) == ("expired", "jiangsu的draft政策")
    assert policy.published_at and policy.expired_at


def test_publish_and_expire_through_the_api_are_audited(world, client_for):
    policy = make_policy(world, "jiangsu", "draft")
    client = client_for(world.jiangsu)
    assert client.post(reverse("api:policy-publish", args=[policy.pk])).json()["status"] == "published"
    assert client.post(reverse("api:policy-expire", args=[policy.pk])).json()["status"] == "expired"
    entries = client.get(reverse("api:policy-history", args=[policy.pk])).json()
    assert [(e["user"], e["reason"]) for e in entries[:2]] == [("t-jiangsu", "expired"), ("t-jiangsu", "published")]
    assert [c["field"] for c in entries[1]["changes"] if c["field"] == "status"] == ["status"]


def test_publish_page_asks_first(world, page_client_for):
    policy = make_policy(world, "jiangsu", "draft")
    client = page_client_for(world.jiangsu)
    page = client.get(reverse("policy-publish", args=[policy.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and 'id="confirm"' in page.content.decode()
    policy.refresh_from_db()
    assert policy.status == "draft"
    assert client.post(reverse("policy-publish", args=[policy.pk])).status_code == 302
    policy.refresh_from_db()
    assert policy.status == "published"


def test_toolkit_cluster_must_be_in_the_jurisdiction_and_instruments_in_its_policies(world):
    national = make_policy(world, "ministry")
    other = make_policy(world, "ministry", title="另一项国家政策")
    draft = make_policy(world, "jiangsu", "draft")
    guangdong = make_policy(world, "guangdong")
    stray = make_instrument(other)
    with pytest.raises(ValidationError) as caught:
        services.toolkit_create(
            owner=world.orgs["jiangsu"],
            by=world.jiangsu,
            cluster=world.shenzhen_cluster,
            title="工具箱",
            policies=[national, draft, guangdong],
            instruments=[stray],
        )
    errors = caught.value.message_dict
    assert errors["cluster"] == ["The cluster is not in your jurisdiction."]
    assert draft.title in errors["policies"][0] and guangdong.title in errors["policies"][0]
    assert national.title not in errors["policies"][0]
    assert stray.name in errors["instruments"][0]
    assert Toolkit.objects.count() == 0
    toolkit = services.toolkit_create(
        owner=world.orgs["jiangsu"], by=world.jiangsu, cluster=world.cross_cluster, title="跨区域", policies=[national]
    )
    assert toolkit.cluster == world.cross_cluster  # a cross-region cluster belongs to each of its governments
    with pytest.raises(ValidationError) as caught:
        services.toolkit_create(
            owner=world.orgs["jiangsu"], by=world.jiangsu, cluster=world.cross_cluster, title="重复"
        )
    assert caught.value.message_dict == {"cluster": ["Your organisation already has a toolkit for this cluster."]}


def test_api_errors_are_field_level(world, client_for):
    response = client_for(world.jiangsu).post(
        reverse("api:policy-list"),
        {"title": "新政策", "issued_on": "2024-05-01", "effective_on": "2024-04-01", "categories": ["industry"]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"effective_on": ["A policy cannot take effect before it is issued."]}


# Attachments -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("policy.exe", b"MZ\x90\x00", "Upload a PDF, DOCX or XLSX file (.exe is not accepted)."),
        ("policy.pdf", b"<html>not a pdf</html>", "The content of the file is not a PDF file."),
        ("policy.docx", b"%PDF-1.4 renamed", "The content of the file is not a DOCX file."),
        ("policy.docx", docx_bytes("xl/workbook.xml"), "The content of the file is not a DOCX file."),
        ("policy.xlsx", docx_bytes(), "The content of the file is not a XLSX file."),
        ("policy.pdf", b"", "The submitted file is empty."),
    ],
    ids=["exe", "html-as-pdf", "pdf-as-docx", "xlsx-as-docx", "docx-as-xlsx", "empty"],
)
def test_attachment_type_and_content_are_checked(world, client_for, name, content, message):
    response = client_for(world.jiangsu).post(
        reverse("api:policy-list"),
        {
            "title": "附件测试",
            "issued_on": "2024-05-01",
            "categories": ["industry"],
            "attachment": SimpleUploadedFile(name, content),
        },
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"attachment": [message]}
    assert Policy.objects.count() == 0


def test_attachment_size_is_limited(world):
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * services.MAX_ATTACHMENT_BYTES)
    with pytest.raises(ValidationError) as caught:
        services.attachment_check(upload)
    assert caught.value.message_dict["attachment"][0].startswith("The file is 20.0 MB")


def test_attachment_is_stored_under_media_root_and_served_only_to_those_who_see_the_policy(
    world, client_for, page_client_for
):
    content = docx_bytes()
    response = client_for(world.jiangsu).post(
        reverse("api:policy-list"),
        {
            "title": "附件政策",
            "issued_on": "2024-05-01",
            "categories": ["industry", "talent"],
            "attachment": SimpleUploadedFile("办法 (全文).docx", content),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    policy = Policy.objects.get(pk=response.json()["id"])
    assert Path(policy.attachment.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert policy.attachment.name.endswith(".docx")
    download = client_for(world.jiangsu).get(response.json()["attachment_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content
    url = reverse("policy-attachment", args=[policy.pk])
    assert page_client_for(None).get(url).status_code == 404  # a draft
    assert page_client_for(world.ministry).get(url).status_code == 404
    services.policy_publish(policy=policy, by=world.jiangsu)
    assert page_client_for(None).get(url).status_code == 200
    services.policy_update(policy=policy, by=world.jiangsu, clear_attachment=True)
    policy.refresh_from_db()
    assert not policy.attachment
    assert page_client_for(None).get(url).status_code == 404


# Search and filters ------------------------------------------------------------------------------------------------


def test_search_finds_chinese_substrings_and_english_words_titles_first(world):
    in_text = make_policy(world, "ministry", title="关于开展集群竞赛的通知", text="支持智能语音产业集群发展")
    in_title = make_policy(world, "ministry", title="合肥智能语音产业扶持办法")
    english = make_policy(world, "ministry", title="人才政策", title_en="Talent policy for clusters")
    numbered = make_policy(world, "ministry", title="其他", document_number="工信部规〔2020〕7号（演示）")
    with viewer_scope(Viewer.anonymous()):
        found = list(selectors.search_policies(Policy.objects.all(), "智能语音"))
        assert found == [in_title, in_text]
        assert list(selectors.search_policies(Policy.objects.all(), "talent")) == [english]
        assert list(selectors.search_policies(Policy.objects.all(), "2020〕7")) == [numbered]
        assert list(selectors.search_policies(Policy.objects.all(), "不存在的词")) == []


def test_each_filter_is_one_query_and_rows_do_not_repeat(world, django_assert_num_queries):
    both = make_policy(
        world, "jiangsu", categories=["industry", "finance"], targets=["nanjing_cluster", "wuxi_cluster"]
    )
    make_instrument(both, category="finance", kind="industry_fund")
    make_instrument(both, category="finance", kind="industry_fund")
    make_policy(world, "jiangsu", categories=["talent"], issued_on=datetime.date(2019, 6, 1))
    with viewer_scope(Viewer.system()):
        with django_assert_num_queries(1):
            assert list(selectors.filter_policies(Policy.objects.all(), category="finance")) == [both]
        with django_assert_num_queries(1):
            assert list(selectors.filter_policies(Policy.objects.all(), kind="industry_fund")) == [both]
        with django_assert_num_queries(1):
            assert list(selectors.filter_policies(Policy.objects.all(), cluster=world.nanjing_cluster.pk)) == [both]
        assert selectors.filter_policies(Policy.objects.all(), year=2019).count() == 1
        assert selectors.filter_policies(Policy.objects.all(), level="provincial").count() == 2


def test_api_filters_and_search(world, client_for):
    hit = make_policy(world, "ministry", title="集群金融支持政策", categories=["finance"])
    make_instrument(hit, category="finance", kind="loan_guarantee")
    make_policy(world, "ministry", title="其他政策", categories=["land"])
    body = (
        client_for(None)
        .get(reverse("api:policy-list"), {"category": "finance", "kind": "loan_guarantee", "q": "金融"})
        .json()
    )
    assert [row["id"] for row in body["results"]] == [hit.pk]
    assert body["results"][0]["categories"] == ["finance"]
    assert body["results"][0]["instrument_count"] == 1


# Visibility --------------------------------------------------------------------------------------------------------

VISIBLE = {
    "ministry": {"national-published", "national-draft", "jiangsu-published", "jiangsu-expired", "guangdong-published"},
    "jiangsu": {"national-published", "jiangsu-published", "jiangsu-expired", "jiangsu-draft"},
    "guangdong": {"national-published", "guangdong-published"},
    "nanjing_body": {"national-published", "jiangsu-published"},
    "nanjing_viewer": {"national-published", "jiangsu-published"},
    "shenzhen_body": {"national-published", "guangdong-published"},
    "expert": {"national-published", "jiangsu-published", "guangdong-published"},
    "anonymous": {"national-published", "jiangsu-published", "guangdong-published"},
}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_policy_list_holds_exactly_what_the_role_may_read(role, world, client_for, page_client_for):
    from .builders.policies import POLICIES

    created = {}
    for name, (issuer, status, targets, _readers) in POLICIES.items():
        created[name] = make_policy(world, issuer, status, targets=targets, title=f"政策-{name}")
    user = None if role == "anonymous" else world.user(role)
    body = client_for(user).get(reverse("api:policy-list")).json()
    assert {row["id"] for row in body["results"]} == {created[name].pk for name in VISIBLE[role]}
    page = page_client_for(user).get(reverse("policy-list")).content.decode()
    for name, policy in created.items():
        assert (policy.title in page) == (name in VISIBLE[role]), name


def test_a_promotion_body_reads_the_policies_in_its_clusters_toolkits(world, client_for):
    local = make_policy(world, "jiangsu", title="未指向集群的省级政策")
    assert client_for(world.nanjing_body).get(reverse("api:policy-detail", args=[local.pk])).status_code == 404
    make_toolkit(world, "jiangsu", "nanjing_cluster", policies=[local])
    assert client_for(world.nanjing_body).get(reverse("api:policy-detail", args=[local.pk])).status_code == 200
    assert client_for(world.shenzhen_body).get(reverse("api:policy-detail", args=[local.pk])).status_code == 404


# Coverage ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def nanjing_toolkit(world):
    """Known data: two policies (industry+finance, industry+talent), three instruments, disbursements."""
    first = make_policy(world, "jiangsu", categories=["industry", "finance"], issued_on=datetime.date(2018, 1, 1))
    second = make_policy(world, "ministry", categories=["industry", "talent"], issued_on=datetime.date(2019, 1, 1))
    fund = make_instrument(first, category="industry", amount="300000000", paid={2019: "60000000", 2020: "40000000"})
    guarantee = make_instrument(
        first, category="finance", kind="loan_guarantee", amount="50000000", paid={2020: "50000000"}
    )
    talent = make_instrument(second, category="talent", kind="talent_programme", amount="0")
    make_instrument(second, category="industry", amount="999")  # not in the toolkit
    return make_toolkit(
        world, "jiangsu", "nanjing_cluster", policies=[first, second], instruments=[fund, guarantee, talent]
    )


def test_coverage_numbers_on_known_data(world, nanjing_toolkit, django_assert_num_queries):
    with viewer_scope(Viewer.system()), django_assert_num_queries(5):
        coverage = selectors.toolkit_coverage([nanjing_toolkit])[nanjing_toolkit.pk]
    rows = {row.category.code: row for row in coverage.rows}
    assert [code for code, row in rows.items()] == [
        "industry",
        "innovation",
        "finance",
        "region",
        "talent",
        "land",
        "public_services",
    ]
    assert (len(rows["industry"].policy_ids), len(rows["industry"].instrument_ids)) == (2, 1)
    assert rows["industry"].committed == Decimal("300000000")
    assert rows["industry"].disbursed == Decimal("100000000")
    assert rows["industry"].by_year == {2019: Decimal("60000000"), 2020: Decimal("40000000")}
    assert rows["finance"].committed == rows["finance"].disbursed == Decimal("50000000")
    assert rows["talent"].status == "unfunded"
    assert {code for code, row in rows.items() if row.status == "covered"} == {"industry", "finance"}
    assert [c.code for c in coverage.gaps] == ["innovation", "region", "land", "public_services"]
    assert coverage.committed == Decimal("350000000")
    assert coverage.disbursed == Decimal("150000000")
    assert coverage.by_year == {2019: Decimal("60000000"), 2020: Decimal("90000000")}
    assert coverage.disbursement_rate == Decimal("150000000") / Decimal("350000000") * 100


def test_coverage_api_and_page(world, nanjing_toolkit, client_for, page_client_for):
    body = client_for(world.nanjing_body).get(reverse("api:toolkit-coverage", args=[nanjing_toolkit.pk])).json()
    assert body["committed"] == "350000000.00" and body["disbursed"] == "150000000.00"
    assert body["gaps"] == ["innovation", "region", "land", "public_services"]
    industry = body["categories"][0]
    assert industry["status"] == "covered"
    assert industry["by_year"] == [{"year": 2019, "amount": "60000000.00"}, {"year": 2020, "amount": "40000000.00"}]
    page = page_client_for(world.jiangsu).get(reverse("toolkit-detail", args=[nanjing_toolkit.pk])).content.decode()
    assert "3.50 亿元" in page and 'id="coverage-gaps"' in page  # money in 亿元, two decimals


def test_comparison_side_by_side_with_excel_export(world, nanjing_toolkit, client_for, page_client_for):

    hostile = ClusterFactory(
        name='=HYPERLINK("http://x")苏州集群', promotion_body=world.orgs["wuxi_body"], region_codes=["320500"]
    )
    make_toolkit(world, "jiangsu", "wuxi_cluster", policies=[make_policy(world, "ministry", categories=["land"])])
    Toolkit.objects.create(owner=world.orgs["jiangsu"], cluster=hostile, title="工具箱")
    clusters = f"{world.nanjing_cluster.pk},{world.wuxi_cluster.pk}"
    body = client_for(world.ministry).get(reverse("api:toolkit-compare"), {"cluster": clusters}).json()
    assert [entry["cluster"] for entry in body] == [world.nanjing_cluster.pk, world.wuxi_cluster.pk]
    assert body[1]["gaps"] == ["industry", "innovation", "finance", "region", "talent", "public_services"]
    assert client_for(world.guangdong).get(reverse("api:toolkit-compare"), {"cluster": clusters}).status_code == 404
    from .builders.exports import export, workbook

    _response, job = export(page_client_for(world.jiangsu), "policies.toolkit_comparison", "xlsx", language="en")
    sheet = workbook(job).active
    header = [cell.value for cell in sheet[1]]
    assert [cell for cell in header if "HYPERLINK" in cell] == [f"'{hostile.name} · {world.orgs['jiangsu'].name}"]
    totals = {row[1]: row[2:] for row in sheet.iter_rows(values_only=True) if row[0] == "Total"}
    assert sorted(totals["Committed (10k CNY)"]) == [0, 0, 35000]  # 万元, numbers Excel can add up
    assert sorted(totals["Disbursed (10k CNY)"]) == [0, 0, 15000]


def test_comparison_is_limited_to_ten_toolkits(world, client_for):
    from tests.factories import OrganisationFactory

    for n in range(11):
        body = OrganisationFactory(slug=f"t-body-{n}", region_id="320200")
        cluster = ClusterFactory(promotion_body=body, region_codes=["320200"])
        Toolkit.objects.create(owner=world.orgs["jiangsu"], cluster=cluster, title=f"工具箱{n}")
    response = client_for(world.jiangsu).get(reverse("api:toolkit-compare"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["cluster"] == [
        "Compare at most 10 toolkits at a time; this choice holds 11."
    ]


# Query counts ------------------------------------------------------------------------------------------------------


def grow_policies(world, n):
    for i in range(n):
        policy = make_policy(
            world,
            "jiangsu" if i % 2 else "ministry",
            categories=["industry", "finance"],
            targets=["nanjing_cluster"],
            title=f"政策{i}",
        )
        make_instrument(policy, paid={2021: "10", 2022: "20"})


def grow_toolkits(world, n):
    from tests.factories import OrganisationFactory

    policy = make_policy(world, "ministry", categories=["industry"])
    instrument = make_instrument(policy, paid={2021: "5"})
    for i in range(n):
        body = OrganisationFactory(region_id="320100")
        cluster = ClusterFactory(promotion_body=body, region_codes=["320100"])
        toolkit = Toolkit.objects.create(owner=world.orgs["jiangsu"], cluster=cluster, title=f"工具箱{i}")
        toolkit.policies.set([policy])
        toolkit.instruments.set([instrument])


LISTS = [
    ("api:policy-list", True, grow_policies),
    ("policy-list", False, grow_policies),
    ("api:instrument-list", True, grow_policies),
    ("api:toolkit-list", True, grow_toolkits),
    ("toolkit-list", False, grow_toolkits),
]


@pytest.mark.parametrize(("route", "api", "grow"), LISTS, ids=[entry[0] for entry in LISTS])
@pytest.mark.parametrize("role", ["ministry", "jiangsu", "anonymous"])
def test_list_query_count_is_the_same_for_one_row_and_many(world, client_for, page_client_for, route, api, grow, role):
    if role == "anonymous" and "toolkit" in route:
        pytest.skip("toolkits are not public")
    user = None if role == "anonymous" else world.user(role)
    client = client_for(user) if api else page_client_for(user)
    url = reverse(route)
    grow(world, 1)
    client.get(url)  # warm caches (content types, sessions)
    one = count_queries(lambda: client.get(url))
    grow(world, 30)
    response = client.get(url)
    many = count_queries(lambda: client.get(url))
    assert response.status_code == 200
    assert one == many, f"{route}: {one} queries with one row, {many} with many"


# Demo data ---------------------------------------------------------------------------------------------------------


def test_demo_data_shows_the_articles_policies_and_toolkits_with_gaps(demo):
    titles = set(Policy._base_manager.values_list("title", flat=True))
    assert {"关于培育产业集群促进区域经济发展的意见", "关于加快培育先进制造业集群的指导意见"} <= titles
    assert not Policy._base_manager.exclude(document_number="").exists()  # the article gives no document numbers
    hefei = Toolkit._base_manager.get(cluster__promotion_body__slug="hefei-voice")
    wuxi = Toolkit._base_manager.get(cluster__promotion_body__slug="wuxi-iot")
    with viewer_scope(Viewer.system()):
        coverage = selectors.toolkit_coverage([hefei, wuxi])
    # Nearly 2 billion across both agreements; the 5-billion fund is a fund's scale, not a government commitment.
    assert coverage[hefei.pk].committed == Decimal("2000000000")
    assert {c.code for c in coverage[hefei.pk].gaps} == {"talent", "land", "public_services"}
    assert coverage[hefei.pk].disbursed == 0  # the article gives no yearly payments
    assert coverage[wuxi.pk].committed == 0
    assert {row.status for row in coverage[wuxi.pk].rows if not row.is_gap} == {"unfunded"}


def test_null_characters_in_category_codes_are_refused(world, client_for):
    """In a JSON body the parser refuses U+0000 anywhere (tenancy.api.parsers); in a query string the filter says
    which parameter holds it."""
    jiangsu = client_for(world.jiangsu)
    ensure_categories()
    response = jiangsu.post(
        reverse("api:policy-list"),
        {"title": "含空字符的分类", "issued_on": "2024-01-01", "categories": ["indus\x00try"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    response = jiangsu.get(reverse("api:policy-list"), {"category": "indus\x00try"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["category"]
    assert not Policy.objects.filter(title="含空字符的分类").exists()
