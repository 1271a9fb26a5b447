"""The ministry governs a cluster: its regions (which governments supervise it), its public flag and its promotion
body, on a page and through the API, through one service; the history keeps who, when and why. Nobody else may."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from clusters.models import Cluster, ClusterRegion
from clusters.profiles.services import cluster_govern

from .cast import ROLES, VISIBLE_CLUSTERS


def region_codes(cluster):
    return list(ClusterRegion.objects.filter(cluster=cluster).order_by("position").values_list("region_id", flat=True))


def standing(cluster):
    cluster = Cluster._base_manager.get(pk=cluster.pk)
    return region_codes(cluster), cluster.is_public, cluster.promotion_body_id, cluster.history.count()


def test_the_ministry_changes_regions_public_flag_and_promotion_body_through_the_api(world, client_for):
    cluster = world.nanjing_cluster
    response = client_for(world.ministry).post(
        reverse("api:cluster-governance", args=[cluster.pk]),
        {
            "regions": ["320100", "440300"],
            "is_public": False,
            "promotion_body": world.orgs["wuxi_body"].pk,
            "reason": "跨区域协同",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["regions"] == ["320100", "440300"]
    assert response.json()["promotion_body"] == world.orgs["wuxi_body"].pk
    assert response.json()["is_public"] is False
    cluster.refresh_from_db()
    assert (region_codes(cluster), cluster.is_public, cluster.promotion_body_id) == (
        ["320100", "440300"],
        False,
        world.orgs["wuxi_body"].pk,
    )


def test_the_history_records_who_when_why_and_each_field(world, client_for):
    cluster = world.nanjing_cluster
    before = cluster.history.count()
    cluster_govern(
        cluster=cluster,
        by=world.ministry,
        reason="2026 年区域调整",
        regions=["320100", "440300"],
        is_public=False,
        promotion_body=world.orgs["wuxi_body"],
    )
    assert cluster.history.count() == before + 1
    entries = client_for(world.ministry).get(reverse("api:cluster-history", args=[cluster.pk])).json()
    latest = entries[0]
    assert (latest["user"], latest["type"], latest["reason"]) == ("t-ministry", "~", "2026 年区域调整")
    assert latest["date"]
    changes = {change["field"]: (change["old"], change["new"]) for change in latest["changes"]}
    assert set(changes) == {"regions", "is_public", "promotion_body"}
    assert changes["is_public"] == ("True", "False")
    assert changes["promotion_body"] == (str(world.orgs["nanjing_body"]), str(world.orgs["wuxi_body"]))
    old_regions, new_regions = changes["regions"]
    assert "320100" not in old_regions and "440300" not in old_regions  # shown by name, not by code
    assert new_regions.count(",") == 1


def test_a_second_change_shows_only_what_changed(world):
    cluster = world.nanjing_cluster
    cluster_govern(cluster=cluster, by=world.ministry, reason="一", regions=["320100", "440300"])
    cluster_govern(cluster=cluster, by=world.ministry, reason="二", is_public=False)
    record = cluster.history.order_by("-history_date", "-history_id")[:2]
    delta = record[0].diff_against(record[1])
    assert delta.changed_fields == ["is_public"]


def test_regions_decide_which_governments_see_the_cluster(world, client_for):
    cluster = world.nanjing_cluster
    url = reverse("api:cluster-detail", args=[cluster.pk])
    assert client_for(world.guangdong).get(url).status_code == 404
    cluster_govern(cluster=cluster, by=world.ministry, reason="迁入深圳", regions=["440300"])
    assert client_for(world.guangdong).get(url).status_code == 200
    assert client_for(world.jiangsu).get(url).status_code == 404


def test_the_new_promotion_body_edits_the_profile_and_the_old_one_no_longer_sees_it(world, client_for):
    cluster = world.nanjing_cluster
    cluster_govern(cluster=cluster, by=world.ministry, reason="移交", promotion_body=world.orgs["shenzhen_body"])
    url = reverse("api:cluster-detail", args=[cluster.pk])
    assert client_for(world.nanjing_body).patch(url, {"summary": "旧"}, format="json").status_code == 404
    assert client_for(world.shenzhen_body).patch(url, {"summary": "新"}, format="json").status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"is_public": False}, "reason"),
        ({"is_public": False, "reason": "   "}, "reason"),
        ({"regions": [], "reason": "x"}, "regions"),
        ({"regions": ["999999"], "reason": "x"}, "regions"),
        ({"regions": ["320100", "320100"], "reason": "x"}, "regions"),
        ({"promotion_body": "jiangsu", "reason": "x"}, "promotion_body"),
        ({"promotion_body": 999999, "reason": "x"}, "promotion_body"),
    ],
    ids=["no-reason", "blank-reason", "no-region", "unknown-region", "region-twice", "not-a-body", "no-such-body"],
)
def test_bad_input_is_a_field_error_and_changes_nothing(world, client_for, data, field):
    cluster = world.nanjing_cluster
    if data.get("promotion_body") == "jiangsu":
        data = {**data, "promotion_body": world.orgs["jiangsu"].pk}
    before = standing(cluster)
    response = client_for(world.ministry).post(
        reverse("api:cluster-governance", args=[cluster.pk]), data, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert standing(cluster) == before


def test_nothing_to_change_is_an_error_and_writes_no_history(world, client_for):
    cluster = world.nanjing_cluster
    before = standing(cluster)
    response = client_for(world.ministry).post(
        reverse("api:cluster-governance", args=[cluster.pk]),
        {"regions": region_codes(cluster), "is_public": cluster.is_public, "reason": "无变化"},
        format="json",
    )
    assert response.status_code == 400
    assert standing(cluster) == before


REFUSED = [role for role in ROLES if role != "ministry"]


@pytest.mark.parametrize("role", [*REFUSED, "anonymous"])
def test_nobody_but_the_ministry_governs_and_a_refusal_changes_nothing(world, client_for, page_client_for, role):
    user = None if role == "anonymous" else world.user(role)
    cluster = world.nanjing_cluster
    before = standing(cluster)
    data = {"regions": ["440300"], "is_public": False, "promotion_body": world.orgs["shenzhen_body"].pk, "reason": "x"}
    api = client_for(user).post(reverse("api:cluster-governance", args=[cluster.pk]), data, format="json")
    page = page_client_for(user).post(
        reverse("cluster-governance", args=[cluster.pk]),
        {**data, "is_public": "", "regions": ["440300"]},
    )
    if role == "anonymous":
        assert (api.status_code, page.status_code) == (401, 302)
    else:
        seen = "nanjing_cluster" in VISIBLE_CLUSTERS[role]
        assert (api.status_code, page.status_code) == ((403, 403) if seen else (404, 404))
    assert standing(cluster) == before


@pytest.mark.parametrize("role", REFUSED)
def test_the_service_refuses_everyone_but_the_ministry(world, role):
    cluster = world.nanjing_cluster
    before = standing(cluster)
    with pytest.raises(PermissionDenied):
        cluster_govern(cluster=cluster, by=world.user(role), reason="x", is_public=False)
    assert standing(cluster) == before


def test_the_ministry_does_not_patch_the_profile_itself(world, client_for):
    """The profile stays the promotion body's; the ministry's fields have their own route."""
    cluster = world.nanjing_cluster
    response = client_for(world.ministry).patch(
        reverse("api:cluster-detail", args=[cluster.pk]), {"is_public": False}, format="json"
    )
    assert response.status_code == 403
    assert Cluster._base_manager.get(pk=cluster.pk).is_public is True


# The page ----------------------------------------------------------------------------------------------------------


def test_the_page_changes_the_settings_through_the_service(world, page_client_for):
    cluster = world.cross_cluster  # 440300 then 320500: the order is kept, a new region goes last
    client = page_client_for(world.ministry)
    url = reverse("cluster-governance", args=[cluster.pk])
    page = client.get(url).content.decode()
    for name in ("regions", "is_public", "promotion_body", "reason"):
        assert f'name="{name}"' in page
    assert reverse("cluster-tier", args=[cluster.pk]) in page
    response = client.post(
        url,
        {
            "regions": ["320500", "440300", "320100"],
            "promotion_body": world.orgs["nanjing_body"].pk,
            "reason": "页面调整",
        },
    )
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert region_codes(cluster) == ["440300", "320500", "320100"]
    assert (cluster.is_public, cluster.promotion_body_id) == (False, world.orgs["nanjing_body"].pk)
    assert cluster.history.order_by("-history_date", "-history_id").first().history_change_reason == "页面调整"


def test_the_page_shows_field_errors_and_saves_nothing(world, page_client_for):
    cluster = world.nanjing_cluster
    before = standing(cluster)
    response = page_client_for(world.ministry).post(
        reverse("cluster-governance", args=[cluster.pk]),
        {"regions": ["320100"], "is_public": "on", "promotion_body": world.orgs["nanjing_body"].pk, "reason": "x"},
    )
    assert response.status_code == 400
    assert "没有需要修改的内容" in response.content.decode()  # the page's default language
    response = page_client_for(world.ministry).post(
        reverse("cluster-governance", args=[cluster.pk]),
        {"regions": ["320100"], "is_public": "", "promotion_body": world.orgs["nanjing_body"].pk, "reason": ""},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert standing(cluster) == before


@pytest.mark.parametrize("role", [role for role in ROLES if VISIBLE_CLUSTERS[role]])
def test_the_cluster_page_links_the_governance_page_for_the_ministry_only(world, page_client_for, role):
    cluster = world.clusters[sorted(VISIBLE_CLUSTERS[role])[0]]
    page = page_client_for(world.user(role)).get(reverse("cluster-detail", args=[cluster.pk]))
    assert page.status_code == 200
    link = reverse("cluster-governance", args=[cluster.pk])
    assert (link in page.content.decode()) == (role == "ministry")
    assert ("监管设置" in page.content.decode()) == (role == "ministry")
