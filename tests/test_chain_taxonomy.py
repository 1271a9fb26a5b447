"""The shared chain taxonomy: the shipped categories of every industry field, the loader (idempotent), the demo's
chain links all mapped, and a chain link's category checked against its cluster's field on the page and the API."""

import json

import pytest
from django.urls import reverse

from clusters.demo import CANDIDATES, CLUSTERS
from clusters.demo import data as demo_data
from clusters.demo.categories import CHAIN_CATEGORIES
from clusters.models import ChainCategory, ChainLink
from clusters.profiles.taxonomy import CHAIN_CATEGORIES_JSON, chain_category_rows, load_chain_categories
from tenancy.models import IndustryField

from .factories import ChainLinkFactory

FIELDS = ["ngit", "high_end_equipment", "new_materials", "biomedicine", "consumer_goods", "new_energy_vehicles"]


@pytest.mark.django_db
def test_every_field_has_six_to_twelve_categories_in_chain_order():
    shipped = chain_category_rows()
    assert sorted(shipped) == sorted(FIELDS) == sorted(IndustryField.objects.values_list("code", flat=True))
    for field, rows in shipped.items():
        assert 6 <= len(rows) <= 12, field
        categories = list(ChainCategory.objects.filter(field_id=field))
        assert [(c.code, c.name, c.name_en, c.segment, c.position) for c in categories] == [
            (r["code"], r["name"], r["name_en"], r["segment"], r["position"]) for r in rows
        ]
        segments = [c.segment for c in categories]
        assert segments == sorted(segments, key=["upstream", "midstream", "downstream"].index), field
    ngit = set(ChainCategory.objects.filter(field_id="ngit").values_list("name", flat=True))
    assert {"芯片与元器件", "通信设备", "软件与信息服务"} <= ngit


@pytest.mark.django_db
def test_the_loader_is_idempotent_and_updates_in_place(tmp_path):
    total = sum(len(rows) for rows in chain_category_rows().values())
    before = dict(ChainCategory.objects.values_list("pk", "code"))
    assert load_chain_categories() == {"created": 0, "updated": 0, "unchanged": total}
    assert dict(ChainCategory.objects.values_list("pk", "code")) == before
    # A changed file: two names swapped and one category new; nothing is deleted, ids stay.
    data = json.loads(CHAIN_CATEGORIES_JSON.read_text(encoding="utf-8"))
    ngit = data["ngit"]
    ngit[0]["name"], ngit[1]["name"] = ngit[1]["name"], ngit[0]["name"]
    ngit.append({"code": "quantum", "name": "量子信息", "name_en": "Quantum information", "segment": "upstream"})
    changed = tmp_path / "categories.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_chain_categories(path=changed) == {"created": 1, "updated": 2, "unchanged": total - 2}
    assert load_chain_categories(path=changed) == {"created": 0, "updated": 0, "unchanged": total + 1}
    assert ChainCategory.objects.get(field_id="ngit", code="chips-components").name == "集成电路与方案设计"
    assert ChainCategory.objects.get(field_id="ngit", code="quantum").position == 13
    assert set(before) < set(ChainCategory.objects.values_list("pk", flat=True))


def test_every_demo_chain_link_maps_to_a_category_of_its_field(db):
    field_of = {slug: field for slug, _name, _en, field, *_rest in [*CLUSTERS, *CANDIDATES]}
    assert set(CHAIN_CATEGORIES) == set(demo_data.CHAIN_LINKS) == set(field_of)
    for slug, links in demo_data.CHAIN_LINKS.items():
        codes = CHAIN_CATEGORIES[slug]
        assert len(codes) == len(links), slug
        known = set(ChainCategory.objects.filter(field_id=field_of[slug]).values_list("code", flat=True))
        assert set(codes) <= known, (slug, set(codes) - known)


# A link's category is one of its cluster's field -------------------------------------------------------------------


def category(field, code):
    return ChainCategory.objects.get(field_id=field, code=code)


def test_the_api_takes_a_category_of_the_field_and_refuses_another(world, client_for):
    client = client_for(world.nanjing_body)
    cluster = world.nanjing_cluster  # high-end equipment
    wrong, right = category("ngit", "chips-components"), category("high_end_equipment", "grid-automation")
    body = {"cluster": cluster.pk, "name": "调度", "segment": "midstream", "category": wrong.pk}
    response = client.post(reverse("api:chain-link-list"), body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["category"]
    assert not ChainLink.objects.filter(cluster=cluster).exists()
    response = client.post(reverse("api:chain-link-list"), {**body, "category": right.pk}, format="json")
    assert response.status_code == 201 and response.json()["category"] == right.pk
    link = ChainLink.objects.get(cluster=cluster)
    url = reverse("api:chain-link-detail", args=[link.pk])
    response = client.patch(url, {"category": wrong.pk}, format="json")
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == ["category"]
    link.refresh_from_db()
    assert link.category_id == right.pk
    assert client.patch(url, {"category": None}, format="json").json()["category"] is None


def test_the_page_offers_only_the_fields_categories(world, page_client_for):
    client = page_client_for(world.nanjing_body)
    cluster = world.nanjing_cluster
    url = reverse("chain-link-add", args=[cluster.pk])
    page = client.get(url).content.decode()
    assert "调度自动化与电力通信" in page and "芯片与元器件" not in page
    wrong = category("ngit", "chips-components")
    response = client.post(url, {"name": "芯片", "segment": "upstream", "category": wrong.pk, "position": 1})
    assert response.status_code == 200 and "category" in response.context["form"].errors
    assert not ChainLink.objects.filter(cluster=cluster).exists()
    right = category("high_end_equipment", "base-components")
    response = client.post(url, {"name": "零部件", "segment": "upstream", "category": right.pk, "position": 1})
    assert response.status_code == 302
    assert ChainLink.objects.get(cluster=cluster).category == right
    detail = client.get(reverse("cluster-detail", args=[cluster.pk])).content.decode()
    assert "核心基础零部件" in detail


def test_the_model_refuses_a_category_of_another_field(world):
    from django.core.exceptions import ValidationError

    link = ChainLinkFactory.build(cluster=world.nanjing_cluster, category=category("ngit", "software"))
    with pytest.raises(ValidationError) as refused:
        link.full_clean()
    assert list(refused.value.message_dict) == ["category"]


def test_the_categories_are_public_reference_data(client_for):
    body = client_for().get(reverse("api:chain-category-list"), {"field": "ngit"})
    rows = body.json()
    assert [row["code"] for row in rows] == [r["code"] for r in chain_category_rows()["ngit"]]
    assert rows[1] == {
        "id": category("ngit", "chips-components").pk,
        "field": "ngit",
        "code": "chips-components",
        "name": "芯片与元器件",
        "name_en": "Chips and electronic components",
        "segment": "upstream",
        "position": 2,
    }


def test_the_demo_maps_every_chain_link_and_proposes_shenzhen_to_dongguan(demo, client):
    from django.contrib.auth import get_user_model
    from django_scopes import scopes_disabled

    from clusters.models import Cluster

    with scopes_disabled():
        links = ChainLink.objects.select_related("cluster", "category")
        assert links.exists() and not [link for link in links if link.category is None]
        assert not [link for link in links if link.category.field_id != link.cluster.field_id]
        dongguan = Cluster.objects.get(promotion_body__slug="dongguan-terminals")
    client.force_login(get_user_model().objects.get(username="dongguan-terminals"))
    body = client.get(reverse("api:matching-cluster-detail", args=[dongguan.pk])).json()
    gaps = {gap["category"]["code"]: gap for gap in body["gaps"]}
    assert gaps["communication-equipment"]["kind"] == "missing"
    assert [p["name"] for p in gaps["communication-equipment"]["partners"]] == ["深圳市新一代信息通信集群"]
