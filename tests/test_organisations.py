"""The organisation directory (issue 12, item 1): the ministry creates, edits, deactivates and reactivates
organisations of every kind; a provincial government adds and manages the governments below it, nothing else.
A new organisation's first administrator is invited by e-mail. Bad input answers field by field and changes
nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tenancy.models import ApiToken, Membership, Organisation
from tenancy.organisations import services

from .conftest import count_queries
from .factories import MembershipFactory, OrganisationFactory, UserFactory

LIST = reverse("api:organisation-list")


def detail(organisation, action=None):
    name = f"api:organisation-{action}" if action else "api:organisation-detail"
    return reverse(name, args=[organisation.pk])


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def suzhou(**extra):
    return {"kind": "local", "name": "苏州市人民政府", "name_en": "Suzhou", "slug": "suzhou-gov", "region": "320500"}


def test_the_ministry_creates_a_prefecture_government_with_its_first_administrator(
    world, client_for, mailoutbox, mails
):
    body = suzhou() | {"admin": {"username": "suzhou-admin", "email": "admin@suzhou.example.cn", "full_name": "王 芳"}}
    with mails():
        response = client_for(world.ministry).post(LIST, body, format="json")
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(slug="suzhou-gov")
    assert (organisation.kind, organisation.region_id) == ("local", "320500")
    assert organisation.parent == world.orgs["jiangsu"]
    assert response.json()["parent"] == world.orgs["jiangsu"].pk
    membership = Membership._base_manager.get(user__username="suzhou-admin")
    assert (membership.organisation, membership.role) == (organisation, "admin")
    assert not membership.user.has_usable_password()
    [mail] = mailoutbox
    assert mail.to == ["admin@suzhou.example.cn"]
    assert "/invitations/" in mail.body
    [created] = organisation.history.all()
    assert (created.history_type, created.history_user) == ("+", world.ministry)


def test_a_promotion_bodys_parent_is_the_narrowest_government_over_its_region(world):
    wuxi_government = services.organisation_create(
        by=world.ministry, kind="local", name="无锡市人民政府", slug="wuxi-gov", region="320200"
    )
    assert wuxi_government.parent == world.orgs["jiangsu"]
    body = services.organisation_create(
        by=world.ministry, kind="cluster_body", name="无锡新促进机构", slug="wuxi-new-body", region="320205"
    )
    assert body.parent == wuxi_government
    far = services.organisation_create(
        by=world.ministry, kind="cluster_body", name="成都促进机构", slug="chengdu-body", region="510100"
    )
    assert far.parent is None


def test_the_province_adds_a_county_government_below_it(world, client_for):
    response = client_for(world.jiangsu).post(
        LIST, {"kind": "local", "name": "玄武区人民政府", "slug": "xuanwu-gov", "region": "320102"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Organisation.objects.get(slug="xuanwu-gov").parent == world.orgs["jiangsu"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "local", "name": "广州市人民政府", "slug": "gz-gov", "region": "440100"}, "region"),
        ({"kind": "local", "name": "江苏省", "slug": "js-again", "region": "320000"}, "region"),
        ({"kind": "cluster_body", "name": "苏州促进机构", "slug": "sz-body", "region": "320500"}, "kind"),
        ({"kind": "national", "name": "另一个部", "slug": "ministry-2"}, "kind"),
    ],
    ids=["outside-its-province", "its-own-region", "promotion-body", "ministry"],
)
def test_the_province_is_refused_outside_the_governments_below_it(world, client_for, body, field):
    before = Organisation.objects.count()
    response = client_for(world.jiangsu).post(LIST, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("role", ["nanjing_body", "nanjing_viewer", "expert", "guangdong_viewer"])
def test_who_manages_no_organisations_is_refused(world, client_for, role):
    if role == "guangdong_viewer":
        user = MembershipFactory(organisation=world.orgs["guangdong"], role="viewer").user
    else:
        user = world.user(role)
    before = Organisation.objects.count()
    client = client_for(user)
    assert client.post(LIST, suzhou(), format="json").status_code == 403
    assert client.patch(detail(world.orgs["jiangsu"]), {"name": "改名"}, format="json").status_code == 403
    assert client.post(detail(world.orgs["jiangsu"], "deactivate")).status_code == 403
    assert Organisation.objects.count() == before
    assert Organisation.objects.get(pk=world.orgs["jiangsu"].pk).is_active


@pytest.mark.parametrize(
    "change, field",
    [
        ({"region": None}, "region"),
        ({"region": "999999"}, "region"),
        ({"slug": "t-jiangsu"}, "slug"),
        ({"slug": "not a slug!"}, "slug"),
        ({"name": ""}, "name"),
        ({"kind": "weird"}, "kind"),
        ({"parent": "__guangdong__"}, "parent"),
        ({"parent": 999999}, "parent"),
        ({"admin": {"username": "suzhou-admin", "email": ""}}, "admin.email"),
        ({"admin": {"username": "t-jiangsu", "email": "new@suzhou.example.cn"}}, "admin_username"),
    ],
    ids=lambda value: str(value)[:30],
)
def test_field_errors_change_nothing(world, client_for, mailoutbox, mails, change, field):
    body = suzhou() | change
    if change.get("parent") == "__guangdong__":
        body["parent"] = world.orgs["guangdong"].pk
    before = (Organisation.objects.count(), get_user_model().objects.count())
    with mails():
        response = client_for(world.ministry).post(LIST, body, format="json")
    assert response.status_code == 400, response.content
    fields = response.json()["error"]["fields"]
    assert field in fields, fields
    assert (Organisation.objects.count(), get_user_model().objects.count()) == before
    assert mailoutbox == []


def test_the_ministry_renames_and_moves_an_organisation_with_history(world, client_for):
    organisation = world.orgs["wuxi_body"]
    response = client_for(world.ministry).patch(
        detail(organisation), {"name": "无锡物联网集群促进中心", "region": "320205"}, format="json"
    )
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert (organisation.name, organisation.region_id, organisation.parent) == (
        "无锡物联网集群促进中心",
        "320205",
        world.orgs["jiangsu"],
    )
    history = client_for(world.ministry).get(detail(organisation, "history")).json()
    assert history[0]["user"] == "t-ministry"
    assert {change["field"] for change in history[0]["changes"]} == {"name", "region"}


def test_the_province_may_not_move_a_government_out_of_its_province(world, client_for):
    county = services.organisation_create(
        by=world.jiangsu, kind="local", name="玄武区人民政府", slug="xuanwu-gov", region="320102"
    )
    client = client_for(world.jiangsu)
    response = client.patch(detail(county), {"region": "440103"}, format="json")
    assert response.status_code == 400 and "region" in response.json()["error"]["fields"]
    county.refresh_from_db()
    assert county.region_id == "320102"
    assert client.patch(detail(county), {"name": "玄武区政府"}, format="json").status_code == 200
    # Other tenants of the province: the promotion bodies are not the province's to manage, nor is the province.
    assert client.patch(detail(world.orgs["nanjing_body"]), {"name": "x"}, format="json").status_code == 403
    assert client.post(detail(world.orgs["jiangsu"], "deactivate")).status_code == 403
    assert client.post(detail(world.orgs["guangdong"], "deactivate")).status_code == 403


def test_deactivating_an_organisation_stops_its_members_signing_in_until_reactivated(world, client_for):
    organisation = world.orgs["nanjing_body"]
    left = MembershipFactory(organisation=organisation, role="editor", is_active=False, user__is_active=False).user
    client = client_for(world.ministry)
    response = client.post(detail(organisation, "deactivate"))
    assert response.status_code == 200 and response.json()["is_active"] is False
    for user in (world.nanjing_body, world.nanjing_viewer, left):
        user.refresh_from_db()
        assert not user.is_active
    # Gone from the directory for others; the ministry still reads it, to reactivate it.
    assert client_for(world.jiangsu).get(detail(organisation)).status_code == 404
    assert client.get(detail(organisation)).status_code == 200
    assert client.post(detail(organisation, "reactivate")).status_code == 200
    for user, active in ((world.nanjing_body, True), (world.nanjing_viewer, True), (left, False)):
        user.refresh_from_db()
        assert user.is_active is active
    entries = client.get(detail(organisation, "history")).json()[:2]
    assert [(entry["type"], [change["field"] for change in entry["changes"]]) for entry in entries] == [
        ("~", ["is_active"]),
        ("~", ["is_active"]),
    ]


def test_deactivating_an_organisation_revokes_its_peoples_tokens_for_good(world, client_for):
    """Reactivating the organisation lets its people sign in again, but the API tokens they held stay revoked."""
    viewer = client_for(world.nanjing_viewer)
    assert viewer.get(reverse("api:me")).status_code == 200
    ministry = client_for(world.ministry)
    assert ministry.post(detail(world.orgs["nanjing_body"], "deactivate")).status_code == 200
    assert ApiToken.objects.filter(user=world.nanjing_viewer, revoked__isnull=True).count() == 0
    assert ministry.post(detail(world.orgs["nanjing_body"], "reactivate")).status_code == 200
    response = viewer.get(reverse("api:me"))
    assert response.status_code == 401 and response.json()["error"]["code"] == "token_revoked"


def test_the_ministry_is_never_deactivated(world, client_for):
    response = client_for(world.ministry).post(detail(world.orgs["ministry"], "deactivate"))
    assert (response.status_code, response.json()["error"]["code"]) == (409, "protected")
    assert Organisation.objects.get(pk=world.orgs["ministry"].pk).is_active
    world.ministry.refresh_from_db()
    assert world.ministry.is_active


def test_the_province_deactivates_a_government_below_it(world, client_for):
    county = services.organisation_create(
        by=world.jiangsu, kind="local", name="玄武区人民政府", slug="xuanwu-gov", region="320102"
    )
    member = MembershipFactory(organisation=county, role="admin").user
    assert client_for(world.jiangsu).post(detail(county, "deactivate")).status_code == 200
    member.refresh_from_db()
    assert not member.is_active


def test_an_expert_reads_no_promotion_bodies(world, client_for):
    kinds = {row["kind"] for row in client_for(world.expert).get(LIST + "?limit=100").json()["results"]}
    assert kinds == {"national", "local"}


def test_the_directory_list_costs_the_same_queries_for_one_row_and_many(world, client_for):
    client = client_for(world.ministry)
    one = count_queries(lambda: client.get(LIST + "?kind=national"))
    for index in range(12):
        parent = OrganisationFactory(kind="cluster_body", region_id="320100", parent=world.orgs["jiangsu"])
        OrganisationFactory(kind="cluster_body", region_id="320200", parent=parent, slug=f"many-{index}")
    many = count_queries(lambda: client.get(LIST + "?kind=cluster_body"))
    assert one == many


def test_an_invited_first_administrator_can_be_invited_only_once(world, client_for, mails):
    UserFactory(username="taken", email="taken@example.cn")
    response = client_for(world.ministry).post(
        LIST, suzhou() | {"admin": {"username": "fresh", "email": "taken@example.cn"}}, format="json"
    )
    assert response.status_code == 400
    assert "admin_email" in response.json()["error"]["fields"]
    assert not Organisation.objects.filter(slug="suzhou-gov").exists()


PAGE = reverse("organisation-list")


def test_the_ministry_adds_a_government_and_its_administrator_through_the_page(
    world, page_client_for, mailoutbox, mails
):
    form = {
        "kind": "local",
        "name": "苏州市人民政府",
        "name_en": "Suzhou",
        "slug": "suzhou-gov",
        "region": "320500",
        "admin_username": "suzhou-admin",
        "admin_email": "admin@suzhou.example.cn",
        "admin_full_name": "王 芳",
    }
    with mails():
        response = page_client_for(world.ministry).post(reverse("organisation-add"), form)
    assert response.status_code == 302 and response["Location"] == PAGE
    organisation = Organisation.objects.get(slug="suzhou-gov")
    assert organisation.parent == world.orgs["jiangsu"]
    [mail] = mailoutbox
    assert mail.to == ["admin@suzhou.example.cn"]
    page = page_client_for(world.ministry).get(PAGE + "?q=suzhou").content.decode()
    assert "苏州市人民政府" in page and 'id="organisation-suzhou-gov"' in page


def test_the_page_shows_field_errors_and_changes_nothing(world, page_client_for, mailoutbox):
    before = Organisation.objects.count()
    form = {"kind": "local", "name": "广州市人民政府", "slug": "t-jiangsu", "region": "440100"}
    response = page_client_for(world.jiangsu).post(reverse("organisation-add"), form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "slug" in errors  # taken; the region outside the province is refused once the rest is right
    assert Organisation.objects.count() == before and mailoutbox == []


def test_the_province_reads_the_directory_and_manages_only_the_governments_below_it(world, page_client_for):
    county = services.organisation_create(
        by=world.jiangsu, kind="local", name="玄武区人民政府", slug="xuanwu-gov", region="320102"
    )
    page = page_client_for(world.jiangsu).get(PAGE + "?region=32").content.decode()
    assert reverse("organisation-edit", args=[county.pk]) in page
    assert reverse("organisation-edit", args=[world.orgs["nanjing_body"].pk]) not in page
    assert "广东" not in page


def test_the_directory_page_filters_and_says_when_nothing_matches(world, page_client_for):
    page = page_client_for(world.ministry).get(PAGE + "?kind=national&q=no-such-name").content.decode()
    assert 'role="status"' in page and "organisation-t-ministry" not in page


def test_deactivating_through_the_page_asks_first(world, page_client_for):
    client = page_client_for(world.ministry)
    url = reverse("organisation-deactivate", args=[world.orgs["shenzhen_body"].pk])
    assert client.get(url).status_code == 200
    assert Organisation.objects.get(pk=world.orgs["shenzhen_body"].pk).is_active
    assert client.post(url).status_code == 302
    assert not Organisation.objects.get(pk=world.orgs["shenzhen_body"].pk).is_active
    world.shenzhen_body.refresh_from_db()
    assert not world.shenzhen_body.is_active


def test_the_directory_page_costs_the_same_queries_for_one_row_and_many(world, page_client_for):
    client = page_client_for(world.ministry)
    client.get(PAGE)  # the session and the menu are warm
    one = count_queries(lambda: client.get(PAGE + "?kind=national"))
    for _index in range(30):
        OrganisationFactory(kind="cluster_body", region_id="320100", parent=world.orgs["jiangsu"])
    many = count_queries(lambda: client.get(PAGE + "?kind=cluster_body"))
    assert one == many


def test_the_ministry_registers_a_cluster_with_its_promotion_body(world, client_for, mailoutbox, mails):
    from clusters.models import Cluster
    from clusters.profiles.services import cluster_register_with_body

    with mails():
        cluster = cluster_register_with_body(
            by=world.ministry,
            body={"name": "苏州纳米集群促进中心", "slug": "suzhou-nano-body"},
            admin={"username": "suzhou-nano", "email": "nano@suzhou.example.cn"},
            regions=["320500", "320200"],
            name="苏州纳米新材料集群",
            field_id="ngit",
        )
    body = cluster.promotion_body
    assert (body.kind, body.region_id, body.parent) == ("cluster_body", "320500", world.orgs["jiangsu"])
    assert Membership._base_manager.get(user__username="suzhou-nano").organisation == body
    assert [mail.to for mail in mailoutbox] == [["nano@suzhou.example.cn"]]
    listed = client_for(world.jiangsu).get(reverse("api:cluster-list") + "?limit=100").json()["results"]
    assert cluster.pk in {row["id"] for row in listed}
    before = (Organisation.objects.count(), Cluster._base_manager.count())
    with pytest.raises(ValidationError) as refused:
        cluster_register_with_body(
            by=world.ministry, body={"name": "重复", "slug": "suzhou-nano-body"}, regions=["320500"], name="x"
        )
    assert "body_slug" in refused.value.message_dict
    with pytest.raises(ValidationError):
        cluster_register_with_body(
            by=world.ministry, body={"name": "新机构", "slug": "new-body"}, regions=["320500", "999999"], name="y"
        )
    with pytest.raises(PermissionDenied):
        cluster_register_with_body(
            by=world.jiangsu, body={"name": "新机构", "slug": "new-body"}, regions=["320500"], name="z"
        )
    assert (Organisation.objects.count(), Cluster._base_manager.count()) == before
