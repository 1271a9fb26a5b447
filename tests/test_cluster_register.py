"""Registering a cluster (issue 12, item 1): the ministry registers a cluster with a promotion body on the platform
or with a new body, whose first administrator is invited, through one service for the page and the API. Any field
error changes nothing."""

import pytest
from django.urls import reverse

from clusters.models import Cluster
from tenancy.models import Membership, Organisation

LIST = reverse("api:cluster-list")


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page_body(**overrides):
    body = {
        "name": "苏州纳米新材料集群",
        "name_en": "Suzhou Nano New Materials Cluster",
        "field": "new_materials",
        "tier": "cultivating",
        "regions": ["320500"],
        "is_public": "on",
        "summary": "",
        "body_name": "苏州纳米新材料集群促进中心",
        "body_slug": "suzhou-nano",
        "admin_username": "nano-admin",
        "admin_full_name": "陈静",
        "admin_email": "nano@example.cn",
    }
    return body | overrides


def test_the_ministry_registers_a_cluster_with_a_new_body_whose_administrator_is_invited(
    world, page_client_for, mails, mailoutbox
):
    client = page_client_for(world.ministry)
    assert 'id="register-cluster"' in client.get(reverse("cluster-list")).content.decode()
    assert client.get(reverse("cluster-register")).status_code == 200
    with mails():
        response = client.post(reverse("cluster-register"), page_body())
    cluster = Cluster._base_manager.get(name="苏州纳米新材料集群")
    assert response.status_code == 302 and response["Location"] == reverse("cluster-detail", args=[cluster.pk])
    body = cluster.promotion_body
    assert (body.slug, body.kind, body.region_id, body.parent) == (
        "suzhou-nano",
        "cluster_body",
        "320500",
        world.orgs["jiangsu"],
    )
    assert list(cluster.regions.values_list("code", flat=True)) == ["320500"]
    assert Membership._base_manager.get(user__username="nano-admin").organisation == body
    [mail] = mailoutbox
    assert mail.to == ["nano@example.cn"] and "/invitations/" in mail.body


def test_a_cluster_with_an_existing_body_and_every_refusal_changes_nothing(world, page_client_for, mails):
    client = page_client_for(world.ministry)
    existing = world.orgs["wuxi_body"]
    clusters = Cluster._base_manager.count()
    # Neither a body nor a new one; both; a short name taken; no region.
    for overrides, field in (
        ({"body_name": "", "body_slug": ""}, "body_name"),
        ({"promotion_body": existing.pk}, "body_name"),
        ({"body_slug": "t-jiangsu"}, "body_slug"),
        ({"regions": []}, "regions"),
    ):
        response = client.post(reverse("cluster-register"), page_body(**overrides))
        assert response.status_code == 200
        assert field in response.context["form"].errors, response.context["form"].errors
    assert Cluster._base_manager.count() == clusters
    assert not Organisation._base_manager.filter(slug="suzhou-nano").exists()

    overrides = {"promotion_body": existing.pk, "body_name": "", "body_slug": "", "admin_username": ""}
    response = client.post(reverse("cluster-register"), page_body(**overrides, admin_email="", admin_full_name=""))
    assert response.status_code == 302
    assert Cluster._base_manager.get(name="苏州纳米新材料集群").promotion_body == existing


@pytest.mark.parametrize("role", ["jiangsu", "nanjing_body", "expert"])
def test_nobody_but_the_ministry_registers_a_cluster(world, page_client_for, client_for, role):
    user = world.user(role)
    assert page_client_for(user).post(reverse("cluster-register"), page_body()).status_code == 403
    body = {"name": "x", "field": "new_materials", "regions": ["320500"], "body": {"name": "x", "slug": "x-body"}}
    assert client_for(user).post(LIST, body, format="json").status_code == 403
    assert not Organisation._base_manager.filter(slug__in=["suzhou-nano", "x-body"]).exists()


def test_the_api_registers_through_the_same_service(world, client_for, mails, mailoutbox):
    client = client_for(world.ministry)
    body = {
        "name": "合肥智能语音集群二期",
        "field": "ngit",
        "regions": ["340100"],
        "body": {"name": "合肥智能语音产业促进会", "slug": "hefei-voice"},
        "admin": {"username": "voice-admin", "email": "voice@example.cn"},
    }
    with mails():
        response = client.post(LIST, body, format="json")
    assert response.status_code == 201, response.content
    cluster = Cluster._base_manager.get(pk=response.json()["id"])
    assert response.json()["promotion_body"] == cluster.promotion_body_id
    assert cluster.promotion_body.slug == "hefei-voice"
    assert [mail.to for mail in mailoutbox] == [["voice@example.cn"]]

    both = body | {"promotion_body": world.orgs["wuxi_body"].pk, "name": "另一集群"}
    response = client.post(LIST, both, format="json")
    assert response.status_code == 400 and "body" in response.json()["error"]["fields"]
    taken = body | {"name": "另一集群", "body": {"name": "另一促进会", "slug": "hefei-voice"}, "admin": None}
    taken.pop("admin")
    response = client.post(LIST, taken, format="json")
    assert response.status_code == 400 and "body_slug" in response.json()["error"]["fields"]
    assert not Cluster._base_manager.filter(name="另一集群").exists()
    existing = {
        "name": "另一集群",
        "field": "ngit",
        "regions": ["320200"],
        "promotion_body": world.orgs["wuxi_body"].pk,
    }
    assert client.post(LIST, existing, format="json").status_code == 201
