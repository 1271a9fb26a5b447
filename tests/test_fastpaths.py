"""Upgrade canaries of tenancy.fastpaths, the one module that reaches into libraries' private API (the fast paths
and django-scopes' private state). Each fails loudly when the library changes underneath: the version it was
written against, the private names it uses, and its output against the public-API path's on real data. When one
fails after an upgrade, re-run the bench named in the module's docstring: if the bar holds on the public path,
delete the fast path rather than port it. A last test keeps every private name in that module."""

import datetime
import inspect
import json
import re
from decimal import Decimal
from pathlib import Path

import django
import django_filters
import django_scopes
import pytest
import rest_framework
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc

from clusters.members.api.serializers import MemberSerializer
from clusters.models import Member
from clusters.validators import clean_credit_code
from tenancy import fastpaths
from tenancy.api.authentication import token_for_key, token_queryset
from tenancy.fastpaths import CompiledLookup, serializer_json_rows
from tenancy.models import ApiToken

from .factories import ChainLinkFactory, MemberFactory, api_key_for

VERSIONS = {
    "django": django.__version__,
    "djangorestframework": rest_framework.__version__,
    "django-filter": django_filters.__version__,
    "django-scopes": django_scopes.version,
}


@pytest.mark.parametrize("library", sorted(fastpaths.WRITTEN_AGAINST))
def test_fast_paths_run_on_the_library_versions_they_were_written_against(library):
    version = fastpaths.WRITTEN_AGAINST[library]
    assert VERSIONS[library].startswith(f"{version}."), (
        f"tenancy.fastpaths was written against {library} {version}, this is {VERSIONS[library]}: "
        "re-run its bench, then port it or delete it (see its docstring)"
    )


def test_token_query_relies_on_these_compiler_internals():
    for name in ("as_sql", "get_converters", "apply_converters"):
        assert callable(getattr(SQLCompiler, name)), name
    assert list(inspect.signature(get_related_populators).parameters) == ["klass_info", "select", "db"]
    compiler = token_queryset().filter(digest="").query.get_compiler(using="default")
    compiler.as_sql()
    assert {"select_fields", "model", "related_klass_infos"} <= set(compiler.klass_info)
    assert compiler.col_count == len(compiler.select) and compiler.select[0][0].target.attname == "id"


def test_token_query_gives_what_the_public_query_gives(world):
    query = CompiledLookup.of(token_queryset, "digest", using="default")
    assert query.sql == token_queryset().filter(digest="").query.sql_with_params()[0]
    assert CompiledLookup.of(token_queryset, "digest", using="default") is query  # compiled once
    for user in (world.nanjing_body, world.ministry, world.expert, world.nanjing_viewer):
        key = api_key_for(user)
        fast, public = token_for_key(key), token_queryset().get(digest=ApiToken.digest_of(key))
        assert {k: v for k, v in fast.__dict__.items() if not k.startswith("_")} == {
            k: v for k, v in public.__dict__.items() if not k.startswith("_")
        }
        assert fast.user.__dict__.keys() - {"_state"} == public.user.__dict__.keys() - {"_state"}
        assert {k: v for k, v in fast.user.__dict__.items() if k != "_state"} == {
            k: v for k, v in public.user.__dict__.items() if k != "_state"
        }
        has_membership = hasattr(public.user, "membership")
        assert hasattr(fast.user, "membership") == has_membership
        if has_membership:
            fast_org, public_org = fast.user.membership.organisation, public.user.membership.organisation
            assert (fast.user.membership.pk, fast.user.membership.role) == (
                public.user.membership.pk,
                public.user.membership.role,
            )
            assert (fast_org.pk, fast_org.kind, fast_org.region_id) == (
                public_org.pk,
                public_org.kind,
                public_org.region_id,
            )
            assert fast_org.region == public_org.region
    assert token_for_key("no-such-token") is None and query.get(ApiToken.digest_of("no-such-token")) is None


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"])
def test_member_rows_written_by_postgresql_equal_the_serializer(world, zone):
    cluster = world.nanjing_cluster
    late, early = ChainLinkFactory(cluster=cluster, position=5), ChainLinkFactory(cluster=cluster, position=1)
    odd = MemberFactory(cluster=cluster, name='q"b\\n\n\t\x01', revenue=Decimal("0.10"), rd_spend=None)
    odd.chain_links.set([late, early])
    MemberFactory(cluster=cluster, revenue=Decimal("12345678901234.50"), rd_spend=Decimal("0.00"))
    Member.objects.filter(pk=odd.pk).update(
        created=datetime.datetime(1900, 6, 1, 0, 0, 0, 1, tzinfo=datetime.UTC),
        updated=datetime.datetime(2026, 3, 8, 7, 0, 0, 999999, tzinfo=datetime.UTC),
    )
    queryset = Member.objects.filter(cluster=cluster).order_by("pk")
    with timezone.override(zone):
        written = [json.loads(row) for row in serializer_json_rows(queryset, MemberSerializer)]
        public = [MemberSerializer(member).data for member in queryset.prefetch_related("chain_links")]
        assert written == json.loads(json.dumps(public, default=str))
    assert len(written) == 2 and written[0]["chain_links"] == sorted([late.pk, early.pk])


def test_filtersets_copy_only_the_filters_a_query_names():
    """tenancy.fastpaths.LeanFilterSetMixin gives each instance the present filters as its `base_filters` before
    django-filter's own constructor deep-copies them (django-filter 26); a copied filter belongs to its instance
    and the class keeps all of its filters. The bar is the member list's (docs/benchmarks.md): copying every
    filter cost ≈ 0.3–0.4 ms of a request's Python."""
    from django.http import QueryDict
    from django_filters.filterset import BaseFilterSet

    from clusters.members.filters import MemberFilter
    from tenancy.api.filters import LeanFilterSet
    from tenancy.fastpaths import LeanFilterSetMixin
    from tenancy.scoping import system_scope

    assert django_filters.__version__.startswith("26.")
    assert "get_form_class" in vars(BaseFilterSet)
    assert "copy.deepcopy(self.base_filters)" in inspect.getsource(BaseFilterSet.__init__)
    assert issubclass(MemberFilter, LeanFilterSet) and LeanFilterSet.__mro__[1] is LeanFilterSetMixin
    assert "__init__" in vars(LeanFilterSetMixin) and "__deepcopy__" not in vars(
        type(MemberFilter.base_filters["kind"])
    )
    every = list(MemberFilter.base_filters)
    with system_scope():
        filterset = MemberFilter(QueryDict("kind=university&limit=3&designation=is_leading"), Member.objects.all())
        unbound = MemberFilter(None, Member.objects.all())
    assert list(filterset.filters) == [name for name in every if name in ("kind", "designation")]
    assert list(filterset.form.fields) == list(filterset.filters) and filterset.is_valid()
    for name, filter_ in filterset.filters.items():
        assert filter_ is not MemberFilter.base_filters[name] and filter_.parent is filterset
        assert filter_.model is Member
    assert filterset.filters["designation"].filter.method.__self__ is filterset  # a method filter calls its own
    assert list(MemberFilter.base_filters) == every and len(every) == 13
    assert all(getattr(base, "parent", None) is None for base in MemberFilter.base_filters.values())
    assert unbound.filters == {} and not unbound.is_bound


def test_tenant_manager_reads_django_scopes_private_state():
    """tenancy.fastpaths.scopes_are_disabled reads the `_enabled` key of django-scopes' state (what
    `scopes_disabled` sets), and UnscopedQuerySet is built as django-scopes' own refusing queryset,
    `django_scopes.manager.DisabledQuerySet(missing_scopes=…)`; neither is in django-scopes' public API (2.1.0)."""
    from django_scopes import get_scope, scope, scopes_disabled
    from django_scopes.manager import DisabledQuerySet

    from tenancy.fastpaths import UnscopedQuerySet, scopes_are_disabled

    assert django_scopes.version == "2.1.0"
    with scopes_disabled():
        assert get_scope()["_enabled"] is False and scopes_are_disabled(get_scope()) is True
        with scope(viewer=None):
            assert get_scope()["_enabled"] is True and scopes_are_disabled(get_scope()) is False
    assert "missing_scopes" in inspect.getsource(DisabledQuerySet.__init__)
    assert callable(DisabledQuerySet.error) and issubclass(UnscopedQuerySet, DisabledQuerySet)
    with pytest.raises(django_scopes.ScopeError):
        DisabledQuerySet(Member, missing_scopes=["viewer"]).error()
    for method in ("exists", "exclude", "select_related", "count", "get"):
        with pytest.raises(django_scopes.ScopeError):
            getattr(UnscopedQuerySet(Member, missing_scopes=["viewer"]), method)()
    with scope(), pytest.raises(django_scopes.ScopeError):  # a scope without a viewer
        assert scopes_are_disabled(get_scope()) is False
        Member.objects.all()


def test_prefetched_reads_what_prefetch_related_loaded(world):
    """tenancy.fastpaths.prefetched reads Django 5.2's `_prefetched_objects_cache` of an instance."""
    from policies.models import CultivationPlan
    from tenancy.scoping import system_scope

    from .builders.plans import make_plan

    plan = make_plan(world)
    with system_scope():
        loaded = CultivationPlan.objects.prefetch_related("owners").get(pk=plan.pk)
        plain = CultivationPlan.objects.get(pk=plan.pk)
        assert "owners" in loaded._prefetched_objects_cache
        assert fastpaths.prefetched(plain, "owners") is None
        assert [o.pk for o in fastpaths.prefetched(loaded, "owners")] == [o.pk for o in plain.owners.all()]
        assert loaded.owner_ids == plain.owner_ids != set()


# Names that only tenancy/fastpaths.py may use: a library's private module, function, attribute or state key.
PRIVATE_NAMES = re.compile(
    r"django_scopes\.manager|DisabledQuerySet|[\"']_enabled[\"']|get_related_populators|apply_converters"
    r"|get_compiler\(|_prefetched_objects_cache|row_to_json|base_filters\s*="
)
PRODUCT = ("tenancy", "clusters", "policies", "evaluations", "monitoring", "config")


def test_only_tenancy_fastpaths_reaches_into_a_librarys_private_api():
    root = Path(__file__).resolve().parent.parent
    offenders = sorted(
        str(path.relative_to(root))
        for top in PRODUCT
        for path in (root / top).rglob("*.py")
        if "migrations" not in path.parts
        and path != root / "tenancy" / "fastpaths.py"
        and PRIVATE_NAMES.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == []
    assert PRIVATE_NAMES.search((root / "tenancy" / "fastpaths.py").read_text(encoding="utf-8"))


ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
NOISE = ALPHABET + "IOSVZabcxyz -９Ｌ"


@settings(max_examples=3000, deadline=None)
@given(
    body=st.text(alphabet=ALPHABET, min_size=17, max_size=17),
    noise=st.text(alphabet=NOISE, max_size=20),
    mode=st.sampled_from(["valid", "check", "noise", "mutate"]),
    position=st.integers(0, 17),
)
def test_credit_codes_are_checked_by_stdnum(body, noise, mode, position):
    if mode == "valid":
        candidate = body + uscc.calc_check_digit(body)
    elif mode == "check":
        candidate = body + noise[:1]
    elif mode == "noise":
        candidate = noise
    else:
        valid = body + uscc.calc_check_digit(body)
        candidate = valid[:position] + (noise[:1] or "I") + valid[position + 1 :]
    if uscc.is_valid(candidate):
        assert clean_credit_code(candidate) == uscc.compact(candidate)
    elif uscc.compact(candidate):
        with pytest.raises(django.core.exceptions.ValidationError):
            clean_credit_code(candidate)
