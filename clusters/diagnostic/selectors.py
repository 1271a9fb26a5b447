"""Reading a cluster's diagnostic inputs from the database (inside a request's or task's scope)."""

from datetime import date

from clusters.diagnostic.results import KNOWLEDGE_KINDS, RECENT_YEARS, DiagnosticInputs, MemberCounts, NetworkFigures

# Reading the inputs from the database (inside a request's or task's scope) -----------------------------------------


def diagnostic_inputs(*, cluster, reference_year: int | None = None) -> DiagnosticInputs:
    """Everything `diagnose` needs about one cluster, in a fixed number of queries."""
    from django.db.models import Count, Exists, Min, OuterRef, Q

    from clusters.models import ChainLink, Collaboration, Member, Milestone, NetworkAnalysis, Observation

    reference_year = reference_year or date.today().year
    observations, names = {}, {}
    filed = Observation.objects.filter(cluster=cluster, status__in=Observation.FILED)  # not drafts nor returned
    for code, name, name_en, year, value in filed.values_list(
        "indicator__code", "indicator__name", "indicator__name_en", "year", "value"
    ):
        observations.setdefault(code, {})[year] = float(value)
        names[code] = _bilingual(name, name_en)

    analysis = (
        NetworkAnalysis.objects.filter(cluster=cluster, status=NetworkAnalysis.Status.SUCCEEDED)
        .order_by("-finished", "-created", "-pk")
        .values("pk", "finished", "created", "nodes", "edges", "density", "clustering", "local_supporting_rate")
        .first()
    )
    network = None
    if analysis is not None:
        when = analysis["finished"] or analysis["created"]
        network = NetworkFigures(
            analysis_id=analysis["pk"],
            computed=when.date() if when else None,
            nodes=analysis["nodes"],
            edges=analysis["edges"],
            density=analysis["density"],
            clustering=analysis["clustering"],
            local_supporting_rate=analysis["local_supporting_rate"],
        )

    recent = reference_year - RECENT_YEARS + 1
    kind = Member.Kind
    counts = Member.objects.filter(cluster=cluster).aggregate(
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

    milestone_counts, first_years = {}, {}
    for row in (
        Milestone.objects.filter(cluster=cluster).order_by().values("kind").annotate(n=Count("id"), first=Min("year"))
    ):
        milestone_counts[row["kind"]] = row["n"]
        if row["first"] is not None:  # milestones without a year say nothing of the cluster's age
            first_years[row["kind"]] = row["first"]

    collaborations = Collaboration.objects.filter(cluster=cluster).aggregate(
        total=Count("id"), knowledge=Count("id", filter=Q(kind__in=KNOWLEDGE_KINDS))
    )
    links = ChainLink.objects.filter(cluster=cluster).aggregate(
        total=Count("id"),
        covered=Count("id", filter=Q(Exists(ChainLink.members.through.objects.filter(chainlink_id=OuterRef("pk"))))),
    )
    return DiagnosticInputs(
        reference_year=reference_year,
        observations=observations,
        network=network,
        members=MemberCounts(**counts),
        milestones=milestone_counts,
        milestone_first_years=first_years,
        collaborations=collaborations["total"],
        knowledge_collaborations=collaborations["knowledge"],
        chain_links=links["total"],
        chain_links_covered=links["covered"],
        indicator_names=names,
    )


def _bilingual(name, name_en):
    from django.utils.translation import get_language

    return name_en if (get_language() or "").startswith("en") and name_en else name
