"""Sortable columns of the cluster and tenancy lists: each declared sort orders hand-built rows with known values, in
both directions, its header link toggles, and an unknown ?sort= falls back to the default."""

import datetime

from django.urls import reverse
from django.utils import timezone

from clusters.imports.tables import IMPORT_SORTS
from clusters.members.tables import COLLABORATION_SORTS, MEMBER_SORTS
from clusters.models import Cluster, Collaboration, ImportJob
from clusters.profiles.tables import CLUSTER_SORTS, REGISTER_SORTS
from tenancy.invitations.tables import INVITATION_SORTS
from tenancy.models import Organisation
from tenancy.organisations.tables import ORGANISATION_SORTS

from .builders.sorting import assert_sorts
from .factories import (
    ClusterFactory,
    CollaborationFactory,
    ImportJobFactory,
    IndustryFieldFactory,
    InvitationFactory,
    MemberFactory,
    OrganisationFactory,
    UserFactory,
)


def fields():
    return [IndustryFieldFactory(code=f"sort_field_{x}", name=f"排序领域{x}") for x in "ABC"]


def test_cluster_list_sorts_by_name_field_tier_and_stage(world, page_client_for):
    field_a, field_b, field_c = fields()
    a = ClusterFactory(name="排序测试A集群", field_id=field_c.code, tier="world_class", stage="line")
    b = ClusterFactory(name="排序测试B集群", field_id=field_a.code, tier="cultivating", stage="network")
    c = ClusterFactory(name="排序测试C集群", field_id=field_b.code, tier="provincial", stage="point")
    expected = {"name": [a, b, c], "field": [b, c, a], "tier": [b, c, a], "stage": [c, a, b]}
    client = page_client_for(world.ministry)
    url = reverse("cluster-list")
    assert_sorts(client, url, CLUSTER_SORTS, expected, params={"q": "排序测试"}, default_order=[a, b, c])


def test_public_register_sorts_by_name_field_and_year_named(db, page_client_for):
    field_a, field_b, field_c = fields()
    a = ClusterFactory(name="排序测试A集群", field_id=field_b.code, tier="national", national_since=2021)
    b = ClusterFactory(name="排序测试B集群", field_id=field_c.code, tier="world_class", national_since=2019)
    c = ClusterFactory(name="排序测试C集群", field_id=field_a.code, tier="national", national_since=2024)
    ClusterFactory(name="排序测试D集群", tier="national", is_public=False)  # never listed
    expected = {"name": [a, b, c], "field": [c, a, b], "national_since": [b, a, c]}
    assert_sorts(page_client_for(), reverse("register-list"), REGISTER_SORTS, expected, params={"q": "排序测试"})


def test_member_list_sorts_by_name_and_each_figure(world, page_client_for):
    cluster = world.nanjing_cluster
    a = MemberFactory(cluster=cluster, name="排序成员A", revenue="300.00", employees=10, rd_spend="5.00", patents=7)
    b = MemberFactory(cluster=cluster, name="排序成员B", revenue="100.00", employees=30, rd_spend="9.00", patents=1)
    c = MemberFactory(cluster=cluster, name="排序成员C", revenue="200.00", employees=20, rd_spend="1.00", patents=4)
    expected = {
        "name": [a, b, c],
        "revenue": [b, c, a],
        "employees": [a, c, b],
        "rd_spend": [c, a, b],
        "patents": [b, c, a],
    }
    client = page_client_for(world.nanjing_body)
    url = reverse("cluster-member-list", args=[cluster.pk])
    assert_sorts(client, url, MEMBER_SORTS, expected, default_order=[a, b, c])


def test_collaboration_list_sorts_by_partners_kind_value_and_year(world, page_client_for):
    cluster = world.nanjing_cluster
    m = {x: MemberFactory(cluster=cluster, name=f"排序成员{x}") for x in "ABCDEF"}
    kinds = Collaboration.Kind

    def collaboration(source, target, kind, value, year):
        pair = {"source": m[source], "target": m[target]}
        return CollaborationFactory(cluster=cluster, kind=kind, value=value, year=year, **pair)

    a = collaboration("A", "F", kinds.SUPPLY, "20.00", 2021)
    b = collaboration("B", "D", kinds.INVESTMENT, "30.00", 2023)
    c = collaboration("C", "E", kinds.RD, "10.00", 2022)
    expected = {
        "source": [a, b, c],
        "target": [b, c, a],
        "kind": [b, c, a],  # by code: investment, rd, supply
        "value": [c, a, b],
        "year": [a, c, b],
    }
    client = page_client_for(world.nanjing_body)
    url = reverse("cluster-collaboration-list", args=[cluster.pk])
    assert_sorts(client, url, COLLABORATION_SORTS, expected, default_order=[b, c, a])


def test_import_history_sorts_by_each_column(world, page_client_for):
    cluster = world.nanjing_cluster
    users = {x: UserFactory(username=f"sort-uploader-{x}") for x in "abc"}

    def job(name, kind, dry_run, status, rows, created_rows, updated_rows, by, day):
        created = ImportJobFactory(
            cluster=cluster,
            original_name=name,
            kind=kind,
            dry_run=dry_run,
            status=status,
            rows=rows,
            created_rows=created_rows,
            updated_rows=updated_rows,
            created_by=users[by],
        )
        ImportJob.objects.filter(pk=created.pk).update(created=datetime.datetime(2025, 1, day, tzinfo=datetime.UTC))
        return created

    a = job("a.csv", "members", True, "succeeded", 30, 3, 20, "b", 2)
    b = job("b.csv", "collaborations", False, "queued", 10, 1, 30, "c", 3)
    c = job("c.csv", "members", False, "failed", 20, 2, 10, "a", 1)
    expected = {
        "uploaded": [c, a, b],
        "file": [a, b, c],
        "kind": ([b, a, c], [a, c, b]),  # collaborations before members; a and c tie, then by creation order
        "mode": ([b, c, a], [a, b, c]),  # import before dry run; ties by creation order both ways
        "status": [b, a, c],  # queued, succeeded, failed (the order of Job.Status)
        "rows": [b, c, a],
        "created": [b, c, a],
        "updated": [c, a, b],
        "by": [c, a, b],
    }
    client = page_client_for(world.nanjing_body)
    url = reverse("cluster-imports", args=[cluster.pk])
    assert_sorts(client, url, IMPORT_SORTS, expected, default_order=[b, a, c])


def test_organisation_list_sorts_by_each_column(world, page_client_for):
    parents = {x: OrganisationFactory(name=f"排序上级{x}", kind="local", region_id="320000") for x in "ABC"}
    kinds = Organisation.Kind

    def organisation(name, kind, region, parent, active=True):
        slug = f"sort-org-{name[-1].lower()}"
        return OrganisationFactory(
            name=name, kind=kind, region_id=region, parent=parents[parent], is_active=active, slug=slug
        )

    a = organisation("排序测试机构A", kinds.NATIONAL, "440300", "B")
    b = organisation("排序测试机构B", kinds.CLUSTER_BODY, "320100", "C", active=False)
    c = organisation("排序测试机构C", kinds.LOCAL, "320200", "A")
    expected = {
        "name": [a, b, c],
        "kind": [b, c, a],  # by code: cluster_body, local, national
        "region": [b, c, a],
        "parent": [c, a, b],
        "status": ([a, c, b], [b, a, c]),  # active first; ties by creation order both ways
    }
    client = page_client_for(world.ministry)
    assert_sorts(client, reverse("organisation-list"), ORGANISATION_SORTS, expected, params={"q": "排序测试机构"})


def test_invitation_list_sorts_by_each_column(world, page_client_for):
    now = timezone.now()
    orgs = {x: OrganisationFactory(name=f"排序受邀机构{x}") for x in "AB"}

    def invitation(username, email, organisation, sent_days_ago, expires_in_days, **dates):
        return InvitationFactory(
            user=UserFactory(username=username),
            email=email,
            organisation=orgs[organisation],
            sent=now - datetime.timedelta(days=sent_days_ago),
            expires=now + datetime.timedelta(days=expires_in_days),
            **dates,
        )

    a = invitation("sorttest-a", "sorttest-c@example.cn", "B", 3, 5, accepted=now)
    b = invitation("sorttest-b", "sorttest-a@example.cn", "A", 1, -1)
    c = invitation("sorttest-c", "sorttest-b@example.cn", "B", 2, 9, withdrawn=now)
    d = invitation("sorttest-d", "sorttest-d@example.cn", "A", 4, 7)
    expected = {
        "person": [a, b, c, d],
        "email": [b, c, a, d],
        "organisation": ([b, d, a, c], [a, c, b, d]),  # two per organisation, ties by creation order
        "status": [d, a, c, b],  # pending, accepted, withdrawn, expired
        "sent": [d, a, c, b],
        "expires": [b, a, d, c],
    }
    client = page_client_for(world.ministry)
    url = reverse("invitation-list")
    params = {"q": "sorttest", "status": "all"}
    assert_sorts(client, url, INVITATION_SORTS, expected, params=params, default_order=[b, c, a, d])


def test_cluster_tiers_sort_from_cultivating_to_world_class():
    assert Cluster.Tier.values == ["cultivating", "provincial", "national", "world_class"]
    assert Cluster.Stage.values == ["point", "line", "surface", "network"]
