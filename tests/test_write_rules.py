"""Writes fail closed: every routed write maps to a rule, field-level rules are declared once, parent references
are re-checked on every write, and the API and the page write an object through the same service."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import path, reverse
from rest_framework import permissions

from clusters.models import ChainLink, Cluster, ClusterRegion
from clusters.profiles.api.views import ChainLinkViewSet
from evaluations.entries import services as entry_services
from evaluations.notice import services as notice_services
from policies.models import CultivationPlan
from policies.plans.services import plan_submit, plan_update
from tenancy.api.permissions import NOT_OFFERED, RulesPermission

from .builders.competitions import entries
from .builders.notice import notice_in
from .builders.plans import make_plan
from .matrix.base import accepted_methods, all_routes

WRITES = {"post", "put", "patch", "delete"}


def viewset_writes():
    """(route, method, action, view) for every write a DRF viewset routes."""
    for name, view in sorted(all_routes().items()):
        actions = getattr(view, "actions", None)
        if not actions:
            continue
        for method, action in actions.items():
            if method in WRITES and method in view.cls.http_method_names:
                yield name, method, action, view


def test_every_routed_write_maps_to_a_rule():
    """Every write a viewset routes is guarded by RulesPermission and names a rule for its action."""
    unruled = []
    for name, method, action, view in viewset_writes():
        instance = view.cls(**view.initkwargs)
        instance.action_map, instance.action = view.actions, action
        guarded = any(isinstance(p, RulesPermission) for p in instance.get_permissions())
        rule = getattr(instance, "permission_rules", {}).get(action)
        if not guarded or rule is None:
            unruled.append(f"{method.upper()} {name} ({action})")
    assert not unruled, f"writes without a rule: {unruled}"


# DRF APIViews (not viewsets) routed under the API that write, each with the reason it needs no rule.
UNRULED_API_VIEWS = {
    "api:auth-token": "TokenView: POST signs in, before there is a user to hold a rule; DELETE revokes the token "
    "the request is authenticated with (IsAuthenticated), so a caller only ever revokes their own",
}


def api_view_writes():
    """(route, sorted write methods, view) for every plain DRF APIView routed under the API that accepts a write."""
    for name, view in sorted(all_routes().items()):
        if not name.startswith("api:") or getattr(view, "cls", None) is None or getattr(view, "actions", None):
            continue
        writes = accepted_methods(view) & WRITES
        if writes:
            yield name, sorted(writes), view


def test_every_routed_api_view_write_maps_to_a_rule():
    """A plain APIView has no action for RulesPermission to look a rule up by (it lets the request through), so a
    write under the API belongs on a viewset with `permission_rules`, unless allow-listed above with its reason."""
    unruled = [
        f"{method.upper()} {name} ({view.cls.__name__})"
        for name, writes, view in api_view_writes()
        if name not in UNRULED_API_VIEWS
        for method in writes
    ]
    assert not unruled, f"API writes outside a viewset, without a rule: {unruled}"
    stale = set(UNRULED_API_VIEWS) - {name for name, _writes, _view in api_view_writes()}
    assert not stale, f"allow-listed API views that no longer write: {stale}"


def test_every_named_rule_exists():
    import rules

    unknown = {
        rule
        for _name, _method, action, view in viewset_writes()
        for rule in [getattr(view.cls, "permission_rules", {}).get(action)]
        if rule not in (None, NOT_OFFERED) and not rules.perm_exists(rule)
    }
    assert not unknown


class UnruledChainLinkViewSet(ChainLinkViewSet):
    """A viewset that forgot its rules: the default must refuse its writes."""

    permission_rules = {}


unruled = UnruledChainLinkViewSet.as_view
urlpatterns = [  # this module is the URLconf of the test below
    path("unruled/", unruled({"get": "list", "post": "create"}, detail=False)),
    path(
        "unruled/<int:pk>/",
        unruled({"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}, detail=True),
    ),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_write_without_a_rule_is_refused_and_a_read_is_not(world, client_for):
    own = ChainLink.objects.create(cluster=world.nanjing_cluster, name="环节", segment="upstream")
    hidden = ChainLink.objects.create(cluster=world.shenzhen_cluster, name="环节", segment="upstream")
    client = client_for(world.nanjing_body)
    assert client.get(f"/unruled/{own.pk}/").status_code == 200
    assert client.get(f"/unruled/{hidden.pk}/").status_code == 404
    assert client.patch(f"/unruled/{own.pk}/", {"name": "改"}, format="json").status_code == 403
    assert client.put(f"/unruled/{own.pk}/", {"name": "改"}, format="json").status_code == 403
    assert client.delete(f"/unruled/{own.pk}/").status_code == 403
    assert client.patch(f"/unruled/{hidden.pk}/", {"name": "改"}, format="json").status_code == 404
    assert client.delete(f"/unruled/{hidden.pk}/").status_code == 404
    data = {"cluster": world.nanjing_cluster.pk, "name": "新", "segment": "upstream"}
    assert client.post("/unruled/", data, format="json").status_code == 403
    assert sorted(ChainLink.objects.values_list("name", flat=True)) == ["环节", "环节"]


def test_reads_need_no_rule():
    assert permissions.SAFE_METHODS == ("GET", "HEAD", "OPTIONS")


# One write path per object ----------------------------------------------------------------------------------------


def test_a_new_chain_link_goes_to_the_end_of_the_chain_from_the_api_and_from_the_page(
    world, client_for, page_client_for
):
    cluster = world.nanjing_cluster
    for position in (1, 2):
        ChainLink.objects.create(cluster=cluster, name=f"环节{position}", segment="upstream", position=position)
    response = client_for(world.nanjing_body).post(
        reverse("api:chain-link-list"), {"cluster": cluster.pk, "name": "接口", "segment": "midstream"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["position"] == 3
    page = page_client_for(world.nanjing_body).post(
        reverse("chain-link-add", args=[cluster.pk]),
        {"name": "页面", "name_en": "", "segment": "midstream", "position": 0},
    )
    assert page.status_code == 302
    assert list(ChainLink.objects.filter(cluster=cluster).order_by("position").values_list("name", "position")) == [
        ("环节1", 1),
        ("环节2", 2),
        ("接口", 3),
        ("页面", 4),
    ]


def test_the_api_updates_and_deletes_a_chain_link_through_the_service(world, client_for):
    link = ChainLink.objects.create(cluster=world.nanjing_cluster, name="环节", segment="upstream", position=1)
    client = client_for(world.nanjing_body)
    url = reverse("api:chain-link-detail", args=[link.pk])
    assert client.patch(url, {"name": "改名", "segment": "nonsense"}, format="json").status_code == 400
    link.refresh_from_db()
    assert (link.name, link.segment) == ("环节", "upstream")
    assert client.patch(url, {"name": "改名"}, format="json").status_code == 200
    link.refresh_from_db()
    assert link.name == "改名"
    assert client.delete(url).status_code == 204
    assert not ChainLink.objects.filter(pk=link.pk).exists()


# Field-level rules ------------------------------------------------------------------------------------------------


def region_codes(cluster):
    return list(ClusterRegion.objects.filter(cluster=cluster).order_by("position").values_list("region_id", flat=True))


@pytest.mark.parametrize(
    "data",
    [{"regions": ["330100"]}, {"regions": ["320100", "330100"]}, {"is_public": False}],
    ids=["regions", "added-region", "public-flag"],
)
def test_a_cluster_body_may_not_change_the_ministrys_fields(world, client_for, data):
    cluster = world.nanjing_cluster
    before = (region_codes(cluster), cluster.is_public, cluster.summary)
    response = client_for(world.nanjing_body).patch(
        reverse("api:cluster-detail", args=[cluster.pk]), {**data, "summary": "改"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == set(data)
    cluster.refresh_from_db()
    assert (region_codes(cluster), cluster.is_public, cluster.summary) == before


def test_a_cluster_body_may_send_the_ministrys_fields_unchanged(world, client_for):
    cluster = world.nanjing_cluster
    response = client_for(world.nanjing_body).patch(
        reverse("api:cluster-detail", args=[cluster.pk]),
        {"regions": region_codes(cluster), "is_public": cluster.is_public, "summary": "新简介"},
        format="json",
    )
    assert response.status_code == 200
    cluster.refresh_from_db()
    assert cluster.summary == "新简介"


def test_the_profile_form_does_not_offer_the_ministrys_fields(world, page_client_for):
    cluster = world.nanjing_cluster
    client = page_client_for(world.nanjing_body)
    page = client.get(reverse("cluster-edit", args=[cluster.pk])).content.decode()
    assert 'name="summary"' in page
    assert 'name="regions"' not in page and 'name="is_public"' not in page
    before = (region_codes(cluster), cluster.is_public)
    response = client.post(
        reverse("cluster-edit", args=[cluster.pk]),
        {
            "name": cluster.name,
            "name_en": cluster.name_en,
            "field": cluster.field_id,
            "stage": cluster.stage,
            "summary": "表单简介",
            "regions": ["330100"],
            "is_public": "" if cluster.is_public else "on",
        },
    )
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.summary == "表单简介"
    assert (region_codes(cluster), cluster.is_public) == before


# Parent references re-checked ---------------------------------------------------------------------------------------


def move_out_of_jiangsu(cluster):
    ClusterRegion.objects.filter(cluster=cluster).delete()
    ClusterRegion.objects.create(cluster=cluster, region_id="330100", position=0)


def test_a_plan_whose_cluster_left_the_jurisdiction_cannot_be_edited(world, client_for):
    plan = make_plan(world)
    move_out_of_jiangsu(world.nanjing_cluster)
    response = client_for(world.jiangsu).patch(
        reverse("api:plan-detail", args=[plan.pk]), {"title": "改过的标题"}, format="json"
    )
    assert response.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        plan_update(plan=plan, by=world.jiangsu, title="改过的标题")
    assert CultivationPlan._base_manager.get(pk=plan.pk).title == plan.title


def test_a_plan_whose_cluster_left_the_jurisdiction_cannot_be_submitted(world, client_for):
    plan = make_plan(world)
    move_out_of_jiangsu(world.nanjing_cluster)
    response = client_for(world.jiangsu).post(reverse("api:plan-submit", args=[plan.pk]), {}, format="json")
    assert response.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        plan_submit(plan=plan, by=world.jiangsu)
    stored = CultivationPlan._base_manager.get(pk=plan.pk)
    assert (stored.status, stored.version) == ("draft", 0)


def test_a_plan_whose_cluster_left_the_jurisdiction_cannot_be_deleted(world, client_for):
    plan = make_plan(world)
    move_out_of_jiangsu(world.nanjing_cluster)
    response = client_for(world.jiangsu).delete(reverse("api:plan-detail", args=[plan.pk]))
    assert response.status_code in (403, 404)
    assert CultivationPlan._base_manager.filter(pk=plan.pk).exists()


def test_a_plan_in_the_jurisdiction_is_still_edited(world, client_for):
    plan = make_plan(world)
    response = client_for(world.jiangsu).patch(
        reverse("api:plan-detail", args=[plan.pk]), {"title": "改过的标题"}, format="json"
    )
    assert response.status_code == 200
    assert Cluster.objects.filter(pk=world.nanjing_cluster.pk).exists()


# Workflow rules live in the services: the pages ask them ------------------------------------------------------------


def test_an_entrys_steps_are_refused_by_the_services_rule(world):
    built = entries(world, "draft:nanjing", "submitted:cross")
    draft, submitted = built["draft:nanjing"], built["submitted:cross"]
    assert entry_services.submission_refusal(draft, "change") is None
    assert entry_services.submission_refusal(submitted, "change").code == "invalid_transition"
    assert entry_services.submission_refusal(submitted, "endorse", by=world.jiangsu) is None
    assert entry_services.submission_refusal(submitted, "return", by=world.nanjing_body) is not None
    assert entry_services.submission_refusal(submitted, "eligible").code == "invalid_transition"
    with pytest.raises(ValueError):
        entry_services.submission_refusal(submitted, "approve")


def test_a_notices_steps_are_refused_by_the_services_rule(world):
    draft, open_, closed = (notice_in(world, state) for state in ("draft", "open", "closed"))
    assert notice_services.notice_refusal(draft, "change") is None
    assert notice_services.notice_refusal(open_, "change") is not None
    assert notice_services.notice_refusal(open_, "publish") is not None
    assert notice_services.notice_refusal(draft, "finalise") is not None
    assert notice_services.notice_refusal(open_, "object") is None
    assert notice_services.notice_refusal(closed, "object").code == "closed"
