import pytest
from django_scopes import scope
from django_scopes.exceptions import ScopeError

from clusters.models import Cluster
from tenancy.models import ExpertProfile, Membership
from tenancy.scoping import system_scope, viewer_scope
from tenancy.visibility import Viewer

from .cast import ROLES, VISIBLE_CLUSTERS


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
    expected = {role: VISIBLE_CLUSTERS[role] for role in ("guangdong", "jiangsu", "nanjing_body")}
    for role, names in expected.items():
        with viewer_scope(Viewer.for_user(world.user(role))), CaptureQueriesContext(connection) as queries:
            assert set(Member.objects.order_by("pk").values_list("pk", flat=True)) == {
                members[name].pk for name in names
            }
            assert Member.objects.count() == len(names)
        assert all('"cluster_id" = ANY(ARRAY(SELECT' in query["sql"] for query in queries.captured_queries)
        count = queries.captured_queries[-1]["sql"]
        assert count.startswith("SELECT COUNT(*)") and " JOIN " not in count.split("ANY(ARRAY(")[0]


# Scoping that cannot be forgotten ------------------------------------------------------------------------------------

# Models whose default manager may stay unscoped, each with its reason. Everything else is tenant data.
SHARED_APPS = {
    "admin": "Django's admin log, read in the superuser-only admin",
    "auth": "users, groups and permissions: the accounts themselves, read by authentication",
    "contenttypes": "Django's model registry",
    "sessions": "Django's sessions, read by the session middleware before any scope",
    "django_celery_results": "Celery's task results (no tenant data)",
    "django_celery_beat": "Celery's periodic schedule (no tenant data)",
    "axes": "django-axes' sign-in attempts, read before authentication",
}
SHARED_MODELS = {
    "tenancy.ApiToken": "API tokens: an account's credentials, read by token authentication before any scope; the "
    "pages and the API read a user's own tokens only (tenancy.accounts.selectors.api_tokens_of)",
    "tenancy.Region": "GB/T 2260 administrative divisions: shipped reference data, public",
    "tenancy.IndustryField": "the industry fields (tracks): shipped reference data, public",
    "tenancy.Organisation": "the tenants themselves: names of the ministry, governments and promotion bodies appear "
    "on public pages (policy issuers, promotion bodies); what they own is scoped",
    "clusters.ChainCategory": "the shared chain categories of each industry field (the taxonomy that chain links "
    "map to): reference data, the same for everyone",
    "clusters.Indicator": "the observation platform's indicator catalogue: reference data, the same for everyone",
    "policies.PolicyCategory": "the policy categories: reference data, the same for everyone",
    "tenancy.MailPreference": "a person's own mail preferences: read and written only for request.user (the "
    "preferences page) or by the mail tasks for a recipient, never listed",
}


def _is_historical(model) -> bool:
    """simple-history's audit rows: read only through the history of an object already fetched in scope."""
    from simple_history.models import HistoricalChanges

    return issubclass(model, HistoricalChanges)


def test_every_tenant_owned_model_has_the_scoped_manager():
    from django.apps import apps

    from tenancy.scoping import BaseTenantManager

    unscoped = [
        model._meta.label
        for model in apps.get_models()
        if not isinstance(model._default_manager, BaseTenantManager)
        and model._meta.app_label not in SHARED_APPS
        and model._meta.label not in SHARED_MODELS
        and not _is_historical(model)
    ]
    assert unscoped == [], "tenant data needs TenantManager(visibility=...) or a reasoned entry in SHARED_MODELS"


def test_the_allow_list_names_only_existing_unscoped_models():
    from django.apps import apps

    from tenancy.scoping import BaseTenantManager

    labels = {model._meta.label: model for model in apps.get_models()}
    assert {label.split(".")[0] for label in labels} >= set(SHARED_APPS)
    for label in SHARED_MODELS:
        assert label in labels, label
        assert not isinstance(labels[label]._default_manager, BaseTenantManager), label


def test_the_system_viewer_sees_every_row_of_every_scoped_model():
    """`system_scope()` is the one way to act as the system, so every visibility rule answers it with `Q()`."""
    from django.apps import apps
    from django.db.models import Q
    from django.utils.module_loading import import_string

    from tenancy.scoping import BaseTenantManager

    scoped = [model for model in apps.get_models() if isinstance(model._default_manager, BaseTenantManager)]
    assert len(scoped) > 40
    for model in scoped:
        assert import_string(model._default_manager.visibility)(Viewer.system()) == Q(), model._meta.label


def _product_sources():
    """Every Python file of the product's own apps and of config/, without migrations."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    roots = {base / "config"} | {
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(base) and "site-packages" not in Path(config.path).parts
    }
    assert {root.name for root in roots} >= {"config", "tenancy", "clusters", "policies", "evaluations"}
    for root in sorted(roots):
        for path in sorted(root.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(base).as_posix(), path.read_text(encoding="utf-8")


# Where django-scopes' switch may still be named, each with its reason (everything else uses system_scope()).
SCOPES_DISABLED_ALLOWED = {
    "tenancy/api/filters.py": "django-filter builds a FilterSet's filters from model metadata when the class is made",
}


def test_product_code_acts_as_the_system_through_system_scope_only():
    found = sorted(
        path
        for path, text in _product_sources()
        if "scopes_disabled" in text and path != "tenancy/scoping.py" and path not in SCOPES_DISABLED_ALLOWED
    )
    assert found == [], "use tenancy.scoping.system_scope() (or unscoped(Model) for one read)"


def test_no_base_manager_in_views_serializers_forms_or_api_modules():
    """Pages and API endpoints read through selectors and write through services, never around the scope."""
    import re

    edge = re.compile(r"(^|[/_])(views?|serializers?|forms?|api)([/_.]|$)")
    checked, found = [], []
    for path, text in _product_sources():
        if edge.search(path):
            checked.append(path)
            if "_base_manager" in text:
                found.append(path)
    assert "clusters/profiles/api/serializers.py" in checked and any(path.endswith("forms.py") for path in checked)
    assert found == []


@pytest.mark.no_test_scope
def test_a_clusters_regions_are_read_with_the_cluster(world):
    from clusters.models import ClusterRegion

    for role in ROLES:
        with viewer_scope(Viewer.for_user(world.user(role))):
            seen = set(ClusterRegion.objects.values_list("cluster_id", flat=True))
        assert seen == {world.clusters[name].pk for name in VISIBLE_CLUSTERS[role]}, role
    with viewer_scope(Viewer.anonymous()):
        public = set(Cluster.objects.values_list("pk", flat=True))
        assert set(ClusterRegion.objects.values_list("cluster_id", flat=True)) == public
    assert world.nanjing_cluster.pk in public and world.provincial_cluster.pk not in public
    with pytest.raises(ScopeError):
        ClusterRegion.objects.count()


@pytest.mark.no_test_scope
def test_member_figures_are_read_with_their_analysis(world):
    from clusters.models import MemberFigure, NetworkAnalysis
    from tests.factories import MemberFactory

    with system_scope():
        figures = {}
        for name in ("nanjing_cluster", "shenzhen_cluster"):
            cluster = world.clusters[name]
            analysis = NetworkAnalysis.objects.create(cluster=cluster, created_by=world.ministry)
            figures[name] = MemberFigure.objects.create(
                analysis=analysis,
                member=MemberFactory(cluster=cluster),
                degree=1,
                betweenness=0,
                pagerank=1,
                community=0,
            ).pk
    for role in ("ministry", "jiangsu", "nanjing_body", "shenzhen_body", "expert"):
        expected = VISIBLE_CLUSTERS[role] & set(figures)
        with viewer_scope(Viewer.for_user(world.user(role))):
            assert set(MemberFigure.objects.values_list("pk", flat=True)) == {figures[n] for n in expected}, role
    with viewer_scope(Viewer.anonymous()):
        assert not MemberFigure.objects.exists()
    with pytest.raises(ScopeError):
        MemberFigure.objects.count()


@pytest.mark.no_test_scope
def test_unscoped_reads_every_row_whoever_the_viewer(world):
    from clusters.models import ClusterRegion
    from tenancy.scoping import unscoped

    with system_scope():
        everything = ClusterRegion.objects.count()
    with viewer_scope(Viewer.anonymous()):
        assert unscoped(ClusterRegion).count() == everything > ClusterRegion.objects.count()
    assert unscoped(ClusterRegion).count() == everything  # outside any scope too


BASE_MANAGER_ALLOWED = {
    "tenancy/scoping.py": "defines unscoped()",
    "tenancy/visibility.py": "builds the viewer a scope is made of; the scoping imports it, so it cannot import back",
}


def test_product_code_reads_beyond_the_viewer_through_unscoped_only():
    """A service that must read past its viewer says so with `unscoped(Model)` (one grep finds them all)."""
    found = sorted(
        path for path, text in _product_sources() if "_base_manager" in text and path not in BASE_MANAGER_ALLOWED
    )
    assert found == []
