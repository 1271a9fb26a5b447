import pytest
from django_scopes import scope
from django_scopes.exceptions import ScopeError

from clusters.models import Cluster
from tenancy.models import ExpertProfile, Membership
from tenancy.scoping import system_scope, viewer_scope
from tenancy.visibility import Viewer


@pytest.mark.no_test_scope
@pytest.mark.parametrize("model", [Cluster, Membership, ExpertProfile])
def test_query_without_a_scope_raises(model, db):
    with pytest.raises(ScopeError):
        list(model.objects.all())
    for query in (
        lambda: model.objects.filter(pk=1),
        lambda: model.objects.count(),
        lambda: model.objects.exists(),
        lambda: model.objects.get(pk=1),
        lambda: list(model.objects.select_related()),
        lambda: model.objects.exclude(pk=1).first(),
    ):
        with pytest.raises(ScopeError):
            query()


@pytest.mark.no_test_scope
def test_a_scope_without_a_viewer_still_raises(db):
    with scope(), pytest.raises(ScopeError):
        Cluster.objects.count()


@pytest.mark.no_test_scope
def test_scoped_query_sees_only_the_viewers_clusters(world):
    nanjing_viewer = Viewer.for_user(world.nanjing_body)
    with viewer_scope(nanjing_viewer):
        assert set(Cluster.objects.values_list("name", flat=True)) == {
            world.nanjing_cluster.name,
            world.provincial_cluster.name,
        }
    with viewer_scope(Viewer.for_user(world.guangdong)):
        assert Cluster.objects.count() == 2
        assert not Cluster.objects.filter(pk=world.nanjing_cluster.pk).exists()
    with system_scope():
        assert Cluster.objects.count() == 5


@pytest.mark.no_test_scope
def test_reverse_relations_are_scoped_too(world):
    """A related manager of a tenant-owned model goes through the visibility rule."""
    with viewer_scope(Viewer.for_user(world.guangdong)):
        body = world.orgs["nanjing_body"]
        assert list(body.clusters.all()) == []


@pytest.mark.no_test_scope
def test_anonymous_sees_only_the_public_national_clusters(world):
    with viewer_scope(Viewer.anonymous()):
        names = set(Cluster.objects.values_list("name", flat=True))
    assert world.provincial_cluster.name not in names
    assert world.nanjing_cluster.name in names


@pytest.mark.no_test_scope
def test_rows_of_a_cluster_are_scoped_by_the_visible_clusters_read_once(world):
    """Members, chain links, collaborations… follow their cluster's visibility through `InSubquery`: on
    PostgreSQL `cluster_id = ANY(ARRAY(visible clusters))`, which the member index reads without a join."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from clusters.models import Member
    from tests.factories import MemberFactory

    with system_scope():
        members = {name: MemberFactory(cluster=cluster) for name, cluster in world.clusters.items()}
    expected = {
        "guangdong": {"shenzhen_cluster", "cross_cluster"},
        "jiangsu": {"nanjing_cluster", "wuxi_cluster", "cross_cluster", "provincial_cluster"},
        "nanjing_body": {"nanjing_cluster", "provincial_cluster"},
    }
    for role, names in expected.items():
        with viewer_scope(Viewer.for_user(world.user(role))), CaptureQueriesContext(connection) as queries:
            assert set(Member.objects.order_by("pk").values_list("pk", flat=True)) == {
                members[name].pk for name in names
            }
            assert Member.objects.count() == len(names)
        assert all('"cluster_id" = ANY(ARRAY(SELECT' in query["sql"] for query in queries.captured_queries)
        count = queries.captured_queries[-1]["sql"]
        assert count.startswith("SELECT COUNT(*)") and " JOIN " not in count.split("ANY(ARRAY(")[0]
