"""Reads and visibility rules of the policy library (DESIGN §2).

Policies, instruments and toolkits: the ministry reads every released policy (published or expired) and writes
its own; a local government reads its own, the national ones and those of the governments below it; a cluster
promotion body reads the national ones and those that target its clusters or sit in its clusters' toolkits;
anyone, signed in or not, reads published policies. A draft is seen by its issuing organisation only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When

from clusters.models import Cluster
from policies.models import Instrument, InstrumentDisbursement, Policy, PolicyCategory, Toolkit
from tenancy.scoping import unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

MAX_COMPARED_TOOLKITS = 10
RELEASED = (Policy.Status.PUBLISHED, Policy.Status.EXPIRED)


def _policy_rule(viewer: Viewer, path: str = "") -> Q:
    """The visibility of policies as a Q on `path` (the way from the queried model to its policy)."""
    if viewer.is_system:
        return Q()
    own_id = OuterRef(path[:-2] if path else "pk")
    published = Q(**{f"{path}status": Policy.Status.PUBLISHED})
    if viewer.organisation_id is None:  # anonymous visitors and experts: the public library
        return published
    released = Q(**{f"{path}status__in": RELEASED})
    own = Q(**{f"{path}issuer_id": viewer.organisation_id})
    national = Q(**{f"{path}level": Policy.Level.NATIONAL})
    if viewer.is_national:
        return own | released
    if viewer.is_local:
        below = Q(
            **{f"{path}issuer__kind": "local", f"{path}issuer__region__code__startswith": viewer.jurisdiction_prefix}
        )
        return own | (released & (national | below))
    if viewer.is_cluster_body:
        targets = Policy.target_clusters.through.objects.filter(
            policy_id=own_id, cluster__promotion_body_id=viewer.organisation_id
        )
        bundled = Toolkit.policies.through.objects.filter(
            policy_id=own_id, toolkit__cluster__promotion_body_id=viewer.organisation_id
        )
        return released & (national | Q(Exists(targets)) | Q(Exists(bundled)))
    return NOTHING


def policy_visibility(viewer: Viewer) -> Q:
    return _policy_rule(viewer)


def instrument_visibility(viewer: Viewer) -> Q:
    """An instrument is seen with its policy."""
    return _policy_rule(viewer, "policy__")


def disbursement_visibility(viewer: Viewer) -> Q:
    return _policy_rule(viewer, "instrument__policy__")


def toolkit_visibility(viewer: Viewer) -> Q:
    """The ministry reads every toolkit; a local government its own and those of the governments below it;
    a promotion body the toolkits for its clusters."""
    if viewer.reads_everything:
        return Q()
    if viewer.is_local:
        return Q(owner_id=viewer.organisation_id) | Q(owner__region__code__startswith=viewer.jurisdiction_prefix)
    if viewer.is_cluster_body:
        return Q(cluster__promotion_body_id=viewer.organisation_id)
    return NOTHING


def level_of(issuer) -> str:
    """The level of a policy follows its issuer: the ministry is national, a provincial government provincial,
    any government below a province municipal."""
    if issuer.kind == "national":
        return Policy.Level.NATIONAL
    if issuer.region is not None and issuer.region.level == "province":
        return Policy.Level.PROVINCIAL
    return Policy.Level.MUNICIPAL


# Policies ----------------------------------------------------------------------------------------------------------


def visible_policies():
    """Policies the current viewer may read, for lists: issuer, categories and target clusters in two more
    queries whatever the number of rows."""
    return (
        Policy.objects.select_related("issuer")
        .prefetch_related("categories", "target_clusters")
        .annotate(instrument_count=Count("instruments", distinct=True))
    )


def policy_for_detail():
    return Policy.objects.select_related("issuer", "issuer__region", "created_by").prefetch_related(
        "categories", "target_clusters"
    )


def search_policies(queryset, query: str):
    """Chinese substrings and English words in title, English title, document number, summary and text;
    title matches first. (`icontains`: PostgreSQL's text-search parsers do not segment Chinese.)"""
    query = query.strip()
    if not query:
        return queryset.order_by("-issued_on", "-pk")
    matches = Q()
    for term in query.split():
        matches &= (
            Q(title__icontains=term)
            | Q(title_en__icontains=term)
            | Q(document_number__icontains=term)
            | Q(summary__icontains=term)
            | Q(text__icontains=term)
        )
    rank = Case(
        When(Q(title__icontains=query) | Q(title_en__icontains=query), then=Value(0)),
        When(document_number__icontains=query, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.filter(matches).annotate(search_rank=rank).order_by("search_rank", "-issued_on", "-pk")


def filter_policies(queryset, *, level="", issuer=None, category="", status="", year=None, cluster=None, kind=""):
    """The library's filters; each is one condition of the same query (categories and clusters are single
    values, so no row repeats)."""
    if level:
        queryset = queryset.filter(level=level)
    if issuer:
        queryset = queryset.filter(issuer_id=issuer)
    if category:
        queryset = queryset.filter(categories=category)
    if status:
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.filter(issued_on__year=year)
    if cluster:
        queryset = queryset.filter(target_clusters=cluster)
    if kind:
        queryset = queryset.filter(Exists(unscoped(Instrument).filter(policy_id=OuterRef("pk"), kind=kind)))
    return queryset


def policy_instruments(*, policy):
    """A visible policy's instruments with their disbursements (ascending years) and beneficiary clusters."""
    return (
        Instrument.objects.filter(policy=policy)
        .select_related("category")
        .prefetch_related("disbursements", "target_clusters")
        .order_by("kind", "pk")
    )


def visible_instruments():
    return (
        Instrument.objects.select_related("category", "policy", "policy__issuer")
        .prefetch_related("disbursements", "target_clusters")
        .order_by("policy_id", "kind", "pk")
    )


def issuers_in_library():
    """Organisations that issued a policy the viewer may read (the issuer filter's choices)."""
    from tenancy.models import Organisation

    return Organisation.objects.filter(pk__in=Policy.objects.values("issuer_id")).order_by("kind", "name")


def policy_years():
    return sorted({d.year for d in Policy.objects.dates("issued_on", "year")}, reverse=True)


# Toolkits ----------------------------------------------------------------------------------------------------------


def visible_toolkits():
    return (
        Toolkit.objects.select_related("owner", "cluster")
        .annotate(
            policy_count=Count("policies", distinct=True),
            instrument_count=Count("instruments", distinct=True),
        )
        .order_by("cluster__name", "owner__name", "pk")
    )


def toolkit_for_detail():
    return Toolkit.objects.select_related("owner", "cluster", "created_by")


def toolkit_candidate_policies(*, owner):
    """Released policies an owner may bundle: national ones, its own and those of the governments below it."""
    prefix = owner.region.jurisdiction_prefix if owner.region else ""
    return (
        unscoped(Policy)
        .filter(status__in=RELEASED)
        .filter(
            Q(level=Policy.Level.NATIONAL)
            | Q(issuer=owner)
            | Q(issuer__kind="local", issuer__region__code__startswith=prefix)
        )
        .select_related("issuer")
        .order_by("-issued_on", "pk")
    )


def toolkit_candidate_clusters(*, owner):
    from clusters.profiles.selectors import in_jurisdiction

    prefix = owner.region.jurisdiction_prefix if owner.region else None
    if not prefix:
        return unscoped(Cluster).none()
    return unscoped(Cluster).filter(in_jurisdiction(prefix)).order_by("name")


@dataclass
class CategoryCoverage:
    category: PolicyCategory
    policy_ids: list = field(default_factory=list)
    instrument_ids: list = field(default_factory=list)
    committed: Decimal = Decimal("0")
    disbursed: Decimal = Decimal("0")
    by_year: dict = field(default_factory=dict)  # year -> Decimal

    GAP = "gap"
    UNFUNDED = "unfunded"
    COVERED = "covered"

    @property
    def status(self):
        """gap: no policy and no instrument; unfunded: policies but no money committed; covered otherwise."""
        if not self.policy_ids and not self.instrument_ids:
            return self.GAP
        if not self.committed:
            return self.UNFUNDED
        return self.COVERED

    @property
    def is_gap(self):
        return self.status == self.GAP

    @property
    def disbursement_rate(self):
        return (self.disbursed / self.committed * 100) if self.committed else None


@dataclass
class Coverage:
    toolkit: Toolkit
    rows: list
    policy_ids: set
    instrument_ids: set
    committed: Decimal
    disbursed: Decimal
    years: list
    by_year: dict

    @property
    def gaps(self):
        return [row.category for row in self.rows if row.is_gap]

    @property
    def covered_count(self):
        return sum(1 for row in self.rows if not row.is_gap)

    @property
    def disbursement_rate(self):
        return (self.disbursed / self.committed * 100) if self.committed else None


def toolkit_coverage(toolkits) -> dict:
    """Coverage of each (visible) toolkit by category: the policies covering it, the toolkit's instruments filed
    under it, the money they commit and what they disbursed, by year; a category with neither a policy nor an
    instrument is a gap. An instrument counts in its own category only, so no yuan is counted twice.
    Five queries whatever the number of toolkits, policies and instruments."""
    toolkits = list(toolkits)
    ids = [t.pk for t in toolkits]
    categories = list(PolicyCategory.objects.all())
    policies_of = defaultdict(set)
    for toolkit_id, policy_id in Policy.objects.filter(toolkits__in=ids).values_list("toolkits__id", "pk"):
        policies_of[toolkit_id].add(policy_id)
    policy_categories = defaultdict(set)
    all_policies = set().union(*policies_of.values()) if policies_of else set()
    for policy_id, code in Policy.categories.through.objects.filter(policy_id__in=all_policies).values_list(
        "policy_id", "policycategory_id"
    ):
        policy_categories[policy_id].add(code)
    instruments_of = defaultdict(list)
    for toolkit_id, instrument_id, code, amount in Instrument.objects.filter(toolkits__in=ids).values_list(
        "toolkits__id", "pk", "category_id", "amount"
    ):
        instruments_of[toolkit_id].append((instrument_id, code, amount))
    all_instruments = {i for rows in instruments_of.values() for i, _c, _a in rows}
    paid = defaultdict(list)
    for instrument_id, year, amount in InstrumentDisbursement.objects.filter(
        instrument_id__in=all_instruments
    ).values_list("instrument_id", "year", "amount"):
        paid[instrument_id].append((year, amount))

    result = {}
    for toolkit in toolkits:
        rows = {c.code: CategoryCoverage(category=c) for c in categories}
        for policy_id in sorted(policies_of[toolkit.pk]):
            for code in sorted(policy_categories[policy_id]):
                if code in rows:
                    rows[code].policy_ids.append(policy_id)
        by_year = defaultdict(Decimal)
        for instrument_id, code, amount in sorted(instruments_of[toolkit.pk]):
            row = rows[code]
            row.instrument_ids.append(instrument_id)
            row.committed += amount
            for year, value in paid[instrument_id]:
                row.disbursed += value
                row.by_year[year] = row.by_year.get(year, Decimal("0")) + value
                by_year[year] += value
        rows_list = [rows[c.code] for c in categories]
        result[toolkit.pk] = Coverage(
            toolkit=toolkit,
            rows=rows_list,
            policy_ids=policies_of[toolkit.pk],
            instrument_ids={i for i, _c, _a in instruments_of[toolkit.pk]},
            committed=sum((r.committed for r in rows_list), Decimal("0")),
            disbursed=sum((r.disbursed for r in rows_list), Decimal("0")),
            years=sorted(by_year),
            by_year=dict(by_year),
        )
    return result


def toolkits_to_compare(*, cluster_ids=(), toolkit_ids=()):
    """Visible toolkits for the chosen clusters and/or toolkits (all visible ones when none is chosen),
    in cluster order. An id the viewer may not see is left to the caller to refuse."""
    toolkits = visible_toolkits()
    if cluster_ids or toolkit_ids:
        toolkits = toolkits.filter(Q(cluster_id__in=cluster_ids) | Q(pk__in=toolkit_ids))
    return toolkits


def toolkit_candidate_instruments(*, policies):
    """The instruments of the candidate policies (`toolkit_candidate_policies`), read as those policies are."""
    return (
        unscoped(Instrument)
        .filter(policy__in=policies.values("pk"))
        .select_related("policy")
        .order_by("policy__issued_on", "pk")
    )
