"""Dynamic adjustment: the ministry's keep / warn / drop decision (once, with a reason, after a confirmation; a drop
lowers the tier and the tier's history says why), the notifications to the cluster's organisations, and the
rectification notes (who may file them, who reads them)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from clusters.models import Cluster
from monitoring.adjustment import services as adjustment_services
from monitoring.models import AdjustmentDecision, MonitoringEvaluation, RectificationNote
from tenancy.errors import Refusal
from tenancy.models import Notification, Organisation

from .builders.adjustment import READS, make_evaluation, make_result, monitoring
from .conftest import count_queries
from .factories import ClusterFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def notified(kind):
    return set(Notification._base_manager.filter(kind=kind).values_list("organisation__slug", flat=True))


# Decisions -------------------------------------------------------------------------------------------------------


def test_drop_lowers_the_tier_one_step_and_the_history_records_it(world):
    result = monitoring(world)["results"]["shenzhen"]
    decision = adjustment_services.decision_record(
        result=result, decision="drop", reason="集中度过高且连续下滑。", by=world.ministry
    )
    cluster = Cluster._base_manager.get(pk=world.shenzhen_cluster.pk)
    assert (decision.tier_before, decision.tier_after) == ("national", "provincial")
    assert cluster.tier == "provincial"
    latest = cluster.history.order_by("-history_date").first()
    assert latest.tier == "provincial"
    assert latest.history_user == world.ministry
    assert "集中度过高" in latest.history_change_reason
    assert decision.history.get().history_user == world.ministry


def test_drop_to_a_tier_the_ministry_picks(world):
    result = monitoring(world)["results"]["shenzhen"]
    adjustment_services.decision_record(
        result=result, decision="drop", reason="严重退化。", tier_after="cultivating", by=world.ministry
    )
    assert Cluster._base_manager.get(pk=world.shenzhen_cluster.pk).tier == "cultivating"


def test_drop_to_a_higher_tier_is_a_field_error_and_changes_nothing(world):
    result = monitoring(world)["results"]["shenzhen"]
    with pytest.raises(ValidationError) as error:
        adjustment_services.decision_record(
            result=result, decision="drop", reason="x", tier_after="world_class", by=world.ministry
        )
    assert "tier_after" in error.value.message_dict
    assert not AdjustmentDecision._base_manager.filter(result=result).exists()
    assert Cluster._base_manager.get(pk=world.shenzhen_cluster.pk).tier == "national"


def test_warn_and_keep_leave_the_tier(world):
    result = monitoring(world)["results"]["nanjing"]
    decision = adjustment_services.decision_record(
        result=result, decision="warn", reason="限期整改。", by=world.ministry
    )
    assert decision.tier_before == decision.tier_after == "national"
    assert Cluster._base_manager.get(pk=world.nanjing_cluster.pk).tier == "national"


def test_a_missing_reason_is_refused_and_changes_nothing(world):
    result = monitoring(world)["results"]["nanjing"]
    before = Notification._base_manager.count()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        adjustment_services.decision_record(result=result, decision="warn", reason="  ", by=world.ministry)
    assert error.value.message_dict["reason"] == ["Give the reason for the decision."]
    assert not AdjustmentDecision._base_manager.filter(result=result).exists()
    assert Notification._base_manager.count() == before


def test_a_second_decision_is_refused(world):
    result = monitoring(world)["results"]["cross"]  # decided "keep" by the world
    with pytest.raises(Refusal) as error:
        adjustment_services.decision_record(result=result, decision="drop", reason="改判。", by=world.ministry)
    assert error.value.code == "decided"
    assert AdjustmentDecision._base_manager.get(result=result).decision == "keep"
    assert Cluster._base_manager.get(pk=world.cross_cluster.pk).tier == "national"


def test_a_cultivating_cluster_cannot_be_dropped(world):
    evaluation = monitoring(world)["evaluation"]
    cluster = ClusterFactory(name="培育测试集群", promotion_body=world.orgs["nanjing_body"], tier="cultivating")
    result = make_result(evaluation, cluster, grade="D", overall="40.00", recommendation="drop")
    with pytest.raises(ValidationError) as error:
        adjustment_services.decision_record(result=result, decision="drop", reason="x", by=world.ministry)
    assert "decision" in error.value.message_dict


def test_a_result_of_an_unfinished_or_superseded_evaluation_is_refused(world):
    data = monitoring(world)
    running = make_evaluation(year=2025, status=MonitoringEvaluation.Status.RUNNING)
    pending = make_result(running, world.wuxi_cluster, grade="A", overall="90.00", recommendation="keep")
    with pytest.raises(Refusal) as error:
        adjustment_services.decision_record(result=pending, decision="keep", reason="x", by=world.ministry)
    assert error.value.code == "not_finished"
    earlier = data["earlier"].results.get(cluster=world.wuxi_cluster)
    with pytest.raises(Refusal) as error:
        adjustment_services.decision_record(result=earlier, decision="keep", reason="x", by=world.ministry)
    assert error.value.code == "superseded"


def test_the_body_and_every_supervising_government_are_notified(world):
    prefecture = OrganisationFactory(kind=Organisation.Kind.LOCAL, slug="t-shenzhen-gov", region_id="440300")
    OrganisationFactory(kind=Organisation.Kind.LOCAL, slug="t-zhejiang", region_id="330000")
    result = monitoring(world)["results"]["shenzhen"]
    adjustment_services.decision_record(result=result, decision="drop", reason="集中度过高。", by=world.ministry)
    assert notified("adjustment.dropped") == {"t-shenzhen-ict", "t-guangdong", prefecture.slug}
    notification = Notification._base_manager.get(kind="adjustment.dropped", organisation=world.orgs["guangdong"])
    assert notification.link == reverse("rectification-list", args=[world.shenzhen_cluster.pk])
    assert notification.params["tier_after_en"] == "Provincial"


def test_a_cross_region_cluster_notifies_both_provinces(world):
    # The world's decision on the cross-region cluster ("keep").
    monitoring(world)
    assert notified("adjustment.kept") == {"t-shenzhen-ict", "t-guangdong", "t-jiangsu"}


def test_the_notification_reads_in_the_readers_language(world, page_client_for):
    result = monitoring(world)["results"]["nanjing"]
    adjustment_services.decision_record(result=result, decision="warn", reason="限期整改。", by=world.ministry)
    client = page_client_for(world.nanjing_body)
    english = client.get(reverse("notification-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    name_en = world.nanjing_cluster.name_en or world.nanjing_cluster.name
    assert f"The ministry warned {name_en} after the 2024 monitoring evaluation: 限期整改。" in english
    chinese = client.get(reverse("notification-list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "南京智能电网测试集群" in chinese


# The decision page -----------------------------------------------------------------------------------------------


def test_the_page_asks_for_confirmation_before_recording(world, page_client_for):
    result = monitoring(world)["results"]["shenzhen"]
    client = page_client_for(world.ministry)
    url = reverse("adjustment-decide", args=[result.pk])
    data = {"decision": "drop", "tier_after": "", "reason": "集中度过高。"}
    page = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "The cluster's tier changes from National to Provincial." in page.content.decode()
    assert not AdjustmentDecision._base_manager.filter(result=result).exists()
    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert AdjustmentDecision._base_manager.get(result=result).decision == "drop"
    assert Cluster._base_manager.get(pk=world.shenzhen_cluster.pk).tier == "provincial"


def test_the_page_without_a_reason_shows_the_field_error(world, page_client_for):
    result = monitoring(world)["results"]["nanjing"]
    page = page_client_for(world.ministry).post(
        reverse("adjustment-decide", args=[result.pk]),
        {"decision": "warn", "reason": "", "confirmed": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 400
    assert "This field is required." in page.content.decode()
    assert not AdjustmentDecision._base_manager.filter(result=result).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_page_shows_the_services_refusal_for_a_superseded_result(world, page_client_for, method):
    earlier = monitoring(world)["earlier"].results.get(cluster=world.wuxi_cluster)
    refusal = adjustment_services.decision_refusal(earlier)
    assert refusal.code == "superseded"
    client = page_client_for(world.ministry)
    response = getattr(client, method)(
        reverse("adjustment-decide", args=[earlier.pk]),
        {"decision": "keep", "reason": "x", "confirmed": "1"} if method == "post" else None,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("rectification-list", args=[world.wuxi_cluster.pk]),
    )
    assert not AdjustmentDecision._base_manager.filter(result=earlier).exists()


def test_the_confirmation_step_shows_the_services_field_error(world, page_client_for):
    evaluation = monitoring(world)["evaluation"]
    cluster = ClusterFactory(name="培育页面测试集群", promotion_body=world.orgs["nanjing_body"], tier="cultivating")
    result = make_result(evaluation, cluster, grade="D", overall="40.00", recommendation="drop")
    page = page_client_for(world.ministry).post(
        reverse("adjustment-decide", args=[result.pk]),
        {"decision": "drop", "reason": "整改不力。"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 400
    assert page.context["form"].errors["decision"] == ["A cultivating cluster has no lower tier: it cannot be dropped."]
    assert not AdjustmentDecision._base_manager.filter(result=result).exists()


# The API ---------------------------------------------------------------------------------------------------------


def test_api_decision_create_and_refusals(world, client_for):
    data = monitoring(world)
    client = client_for(world.ministry)
    url = reverse("api:adjustment-decision-list")
    response = client.post(
        url, {"result": data["results"]["shenzhen"].pk, "decision": "drop", "reason": "集中度过高。"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["decision"], body["tier_before"], body["tier_after"], body["year"]) == (
        "drop",
        "national",
        "provincial",
        2024,
    )
    again = client.post(
        url, {"result": data["results"]["shenzhen"].pk, "decision": "keep", "reason": "x"}, format="json"
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "decided"
    missing = client.post(
        url, {"result": data["results"]["nanjing"].pk, "decision": "warn", "reason": ""}, format="json"
    )
    assert missing.status_code == 400
    assert "reason" in missing.json()["error"]["fields"]
    refused = client_for(world.jiangsu).post(
        url, {"result": data["results"]["nanjing"].pk, "decision": "keep", "reason": "x"}, format="json"
    )
    assert refused.status_code == 403
    history = client.get(reverse("api:adjustment-decision-history", args=[body["id"]])).json()
    assert [entry["type"] for entry in history] == ["+"] and history[0]["user"] == "t-ministry"


@pytest.mark.parametrize("role", list(READS))
def test_decision_and_note_lists_hold_exactly_the_visible_ones(role, world, client_for):
    data = monitoring(world)
    adjustment_services.decision_record(
        result=data["results"]["nanjing"], decision="warn", reason="限期整改。", by=world.ministry
    )
    client = client_for(world.user(role))
    decisions = client.get(reverse("api:adjustment-decision-list")).json()["results"]
    expected = {name for name in ("cross", "nanjing") if name in READS[role]}
    assert {row["cluster_name"] for row in decisions} == {world.clusters[f"{n}_cluster"].name for n in expected}
    notes = client.get(reverse("api:rectification-note-list")).json()["results"]
    assert len(notes) == (1 if "nanjing" in READS[role] else 0)


def test_decision_list_query_count_is_the_same_for_one_row_and_many(world, client_for):
    data = monitoring(world)
    client = client_for(world.ministry)
    url = reverse("api:adjustment-decision-list")
    client.get(url)
    one = count_queries(lambda: client.get(url))
    for name in ("nanjing", "wuxi", "provincial"):
        adjustment_services.decision_record(
            result=data["results"][name], decision="keep", reason="良好。", by=world.ministry
        )
    many = count_queries(lambda: client.get(url))
    assert len(client.get(url).json()["results"]) == 4
    assert one == many


# Rectification ---------------------------------------------------------------------------------------------------


def test_the_body_answers_a_decision_and_the_ministry_is_notified(world, client_for):
    data = monitoring(world)
    decision = adjustment_services.decision_record(
        result=data["results"]["nanjing"], decision="warn", reason="限期整改。", by=world.ministry
    )
    response = client_for(world.nanjing_body).post(
        reverse("api:rectification-note-list"),
        {"cluster": world.nanjing_cluster.pk, "decision": decision.pk, "text": "已新增五家本地配套企业。"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    note = RectificationNote._base_manager.get(pk=response.json()["id"])
    assert (note.organisation_id, note.author, note.decision_id) == (
        world.orgs["nanjing_body"].pk,
        world.nanjing_body,
        decision.pk,
    )
    assert notified("adjustment.rectified") == {"t-ministry", "t-jiangsu"}  # not the writer's own organisation


def test_a_supervising_government_files_a_note_from_the_page(world, page_client_for):
    monitoring(world)
    client = page_client_for(world.jiangsu)
    url = reverse("rectification-list", args=[world.nanjing_cluster.pk])
    assert client.post(url, {"text": "省里已督促整改。", "decision": ""}).status_code == 302
    page = client.get(url).content.decode()
    assert "省里已督促整改。" in page and "已引进三家新成员企业。" in page


def test_a_note_without_text_is_a_field_error(world, client_for):
    monitoring(world)
    response = client_for(world.nanjing_body).post(
        reverse("api:rectification-note-list"), {"cluster": world.nanjing_cluster.pk, "text": " "}, format="json"
    )
    assert response.status_code == 400
    assert "text" in response.json()["error"]["fields"]
    assert RectificationNote._base_manager.count() == 1


def test_a_note_answering_another_clusters_decision_is_refused(world, client_for):
    data = monitoring(world)
    response = client_for(world.shenzhen_body).post(
        reverse("api:rectification-note-list"),
        {"cluster": world.shenzhen_cluster.pk, "decision": data["decision"].pk, "text": "整改。"},
        format="json",
    )
    assert response.status_code == 400
    assert "decision" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("ministry", 403), ("nanjing_viewer", 403), ("expert", 403), ("guangdong", 400), ("shenzhen_body", 400)],
)
def test_who_may_not_file_a_note_for_the_nanjing_cluster(role, status, world, client_for):
    monitoring(world)
    response = client_for(world.user(role)).post(
        reverse("api:rectification-note-list"), {"cluster": world.nanjing_cluster.pk, "text": "整改。"}, format="json"
    )
    assert response.status_code == status
    assert RectificationNote._base_manager.count() == 1


def test_rectification_page_query_count_is_the_same_for_one_note_and_many(world, page_client_for):
    data = monitoring(world)
    client = page_client_for(world.nanjing_body)
    url = reverse("rectification-list", args=[world.nanjing_cluster.pk])
    client.get(url)
    one = count_queries(lambda: client.get(url))
    adjustment_services.decision_record(
        result=data["results"]["nanjing"], decision="warn", reason="限期整改。", by=world.ministry
    )
    for index in range(5):
        adjustment_services.rectification_create(
            cluster=world.nanjing_cluster, text=f"第{index}次整改。", by=world.jiangsu
        )
    many = count_queries(lambda: client.get(url))
    assert one == many


def test_rectification_api_list_query_count_is_the_same_for_one_note_and_many(world, client_for):
    monitoring(world)
    adjustment_services.rectification_create(cluster=world.nanjing_cluster, text="首次整改。", by=world.jiangsu)
    client = client_for(world.ministry)
    url = reverse("api:rectification-note-list")
    client.get(url)
    one = count_queries(lambda: client.get(url))
    for index in range(5):
        adjustment_services.rectification_create(
            cluster=world.nanjing_cluster, text=f"第{index}次整改。", by=world.nanjing_body
        )
    many = count_queries(lambda: client.get(url))
    assert len(client.get(url).json()["results"]) == 7  # the world's note, the first one and five more
    assert one == many
