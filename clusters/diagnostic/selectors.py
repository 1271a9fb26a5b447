"""Reading clusters' diagnostic inputs from the database (inside a request's or task's scope)."""

from datetime import date

from clusters.diagnostic.results import KNOWLEDGE_KINDS, RECENT_YEARS, DiagnosticInputs, MemberCounts, NetworkFigures

# Reading the inputs from the database (inside a request's or task's scope) -----------------------------------------


def diagnostic_inputs(*, cluster, reference_year: int | None = None) -> DiagnosticInputs:
    """Everything `diagnose` needs about one cluster, in a fixed number of queries."""
    return diagnostic_inputs_of(cluster_ids=[cluster.pk], reference_year=reference_year)[cluster.pk]


def _scoped(model):
    return model.objects


def diagnostic_inputs_of(*, cluster_ids=None, reference_year: int | None = None, rows=_scoped) -> dict:
    """Cluster pk -> what `diagnose` needs, for the clusters `cluster_ids` (None: every cluster `rows` reads), in
    six queries whatever their number. `rows(Model)` is how a model's rows are read: the scoped manager (the viewer's
    clusters), or `tenancy.scoping.unscoped` for the national benchmark cohort (clusters/benchmark), which reads
    every cluster's scores and shows none of them."""
    from django.db.models import Count, Min, Q

    from clusters.models import ChainLink, Collaboration, Member, Milestone, NetworkAnalysis, Observation

    reference_year = reference_year or date.today().year

    def of(model):
        queryset = rows(model).order_by()
        return queryset if cluster_ids is None else queryset.filter(cluster_id__in=cluster_ids)

    ids = set(cluster_ids or ())
    observations, names = {}, {}
    filed = of(Observation).filter(status__in=Observation.FILED)  # not drafts nor returned
    for cluster_id, code, name, name_en, year, value in filed.values_list(
        "cluster_id", "indicator__code", "indicator__name", "indicator__name_en", "year", "value"
    ):
        observations.setdefault(cluster_id, {}).setdefault(code, {})[year] = float(value)
        names.setdefault(cluster_id, {})[code] = _bilingual(name, name_en)
        ids.add(cluster_id)

    networks = {}
    analyses = (
        of(NetworkAnalysis)
        .filter(status=NetworkAnalysis.Status.SUCCEEDED)
        .order_by("cluster_id", "-finished", "-created", "-pk")
        .values(
            "cluster_id",
            "pk",
            "finished",
            "created",
            "nodes",
            "edges",
            "density",
            "clustering",
            "local_supporting_rate",
        )
    )
    for analysis in analyses:
        if analysis["cluster_id"] in networks:
            continue  # the latest succeeded analysis of each cluster comes first
        when = analysis["finished"] or analysis["created"]
        networks[analysis["cluster_id"]] = NetworkFigures(
            analysis_id=analysis["pk"],
            computed=when.date() if when else None,
            nodes=analysis["nodes"],
            edges=analysis["edges"],
            density=analysis["density"],
            clustering=analysis["clustering"],
            local_supporting_rate=analysis["local_supporting_rate"],
        )
    ids.update(networks)

    recent = reference_year - RECENT_YEARS + 1
    kind = Member.Kind
    member_counts = {}
    for row in (
        of(Member)
        .values("cluster_id")
        .annotate(
            total=Count("id"),
            leading=Count("id", filter=Q(is_leading=True)),
            little_giants=Count("id", filter=Q(is_little_giant=True)),
            srdi_smes=Count("id", filter=Q(is_srdi_sme=True) | Q(is_little_giant=True)),
            national_platforms=Count("id", filter=Q(kind=kind.INNOVATION_PLATFORM, platform_level="national")),
            associations=Count("id", filter=Q(kind=kind.INDUSTRY_ASSOCIATION)),
            service_institutions=Count("id", filter=Q(kind__in=[kind.SERVICE_INSTITUTION, kind.FINANCIAL_INSTITUTION])),
            with_joined_year=Count("id", filter=Q(joined_year__isnull=False, joined_year__lte=reference_year)),
            joined_recently=Count("id", filter=Q(joined_year__gte=recent, joined_year__lte=reference_year)),
        )
    ):
        cluster_id = row.pop("cluster_id")
        member_counts[cluster_id] = MemberCounts(**row)
    ids.update(member_counts)

    milestone_counts, first_years = {}, {}
    for row in of(Milestone).values("cluster_id", "kind").annotate(n=Count("id"), first=Min("year")):
        milestone_counts.setdefault(row["cluster_id"], {})[row["kind"]] = row["n"]
        if row["first"] is not None:  # milestones without a year say nothing of the cluster's age
            first_years.setdefault(row["cluster_id"], {})[row["kind"]] = row["first"]
    ids.update(milestone_counts)

    collaborations = {
        row["cluster_id"]: row
        for row in of(Collaboration)
        .values("cluster_id")
        .annotate(total=Count("id"), knowledge=Count("id", filter=Q(kind__in=KNOWLEDGE_KINDS)))
    }
    ids.update(collaborations)
    # IN (subquery) is hashed once; an EXISTS per chain link scanned the link table once per link.
    covered = Q(pk__in=ChainLink.members.through.objects.values("chainlink_id"))
    links = {
        row["cluster_id"]: row
        for row in of(ChainLink).values("cluster_id").annotate(total=Count("id"), covered=Count("id", filter=covered))
    }
    ids.update(links)

    none = {"total": 0, "knowledge": 0, "covered": 0}
    return {
        cluster_id: DiagnosticInputs(
            reference_year=reference_year,
            observations=observations.get(cluster_id, {}),
            network=networks.get(cluster_id),
            members=member_counts.get(cluster_id, MemberCounts()),
            milestones=milestone_counts.get(cluster_id, {}),
            milestone_first_years=first_years.get(cluster_id, {}),
            collaborations=collaborations.get(cluster_id, none)["total"],
            knowledge_collaborations=collaborations.get(cluster_id, none)["knowledge"],
            chain_links=links.get(cluster_id, none)["total"],
            chain_links_covered=links.get(cluster_id, none)["covered"],
            indicator_names=names.get(cluster_id, {}),
        )
        for cluster_id in ids
    }


def _bilingual(name, name_en):
    from django.utils.translation import get_language

    return name_en if (get_language() or "").startswith("en") and name_en else name
