"""Writes of the network analysis: record and queue a run for a year, compute and store it."""

from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Cluster
from tenancy.scoping import unscoped

# Network analysis --------------------------------------------------------------------------------------------------


def network_analysis_request(*, cluster, by, parameters=None, year=None):
    """Record a network analysis of the cluster for `year` (default: the last completed year; queued) and queue it
    once the transaction commits.

    A run already queued or running for the cluster and year is returned instead of a second one."""
    from django.core.exceptions import ValidationError

    from clusters.members.services import last_completed_year
    from tenancy.validators import FIGURE_YEARS, YearRange

    year = last_completed_year() if year is None else year
    try:
        YearRange(*FIGURE_YEARS)(year)
    except ValidationError as exc:
        raise ValidationError({"year": exc.messages}) from None
    from django.conf import settings
    from django.utils import timezone

    from clusters.models import NetworkAnalysis
    from clusters.network.analysis import parameters_with_defaults
    from tenancy.tasks import enqueue

    with transaction.atomic():
        list(unscoped(Cluster).select_for_update().filter(pk=cluster.pk))  # one request per cluster at a time
        stale = timezone.now() - timezone.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        pending = NetworkAnalysis.objects.filter(
            cluster=cluster,
            year=year,
            status__in=[NetworkAnalysis.Status.QUEUED, NetworkAnalysis.Status.RUNNING],
            created__gt=stale,
        ).first()
        if pending is not None:
            return pending
        analysis = NetworkAnalysis.objects.create(
            cluster=cluster, year=year, created_by=by, parameters=parameters_with_defaults(parameters)
        )
        enqueue("clusters.network_analysis", analysis.pk)
    return analysis


def network_analysis_run(*, analysis):
    """Compute and store an analysis (called by the task inside system_scope()). Finished runs are left alone;
    a run interrupted earlier starts again from nothing. Raises NetworkDataError on data it cannot analyse."""
    from clusters.models import MemberFigure
    from clusters.network.analysis import analyse
    from clusters.network.selectors import network_inputs

    if analysis.is_finished:
        return analysis
    MemberFigure.objects.filter(analysis=analysis).delete()  # what a crashed run may have left
    analysis.start()
    analysis.set_progress(2, _("Loading members and collaborations"))
    inputs = network_inputs(cluster_id=analysis.cluster_id, year=analysis.year)
    stages = {
        "graph": _("Building the graph"),
        "components": _("Components and clustering"),
        "communities": _("Communities (Louvain)"),
        "betweenness": _("Betweenness"),
        "pagerank": _("PageRank"),
        "articulation_points": _("Single points of failure"),
        "chain_links": _("Chain-link coverage and local supporting rate"),
    }
    result = analyse(
        inputs, analysis.parameters, progress=lambda percent, stage: analysis.set_progress(percent, stages[stage])
    )
    analysis.set_progress(92, _("Storing every member's figures"))
    with transaction.atomic():
        member_figures_store(analysis=analysis, result=result)
        for name, value in result.figures.items():
            setattr(analysis, name, value)
        analysis.parameters = result.parameters
        analysis.save(update_fields=[*result.figures, "parameters"])
    analysis.succeed(_("%(nodes)s members, %(edges)s links analysed.") % result.figures)
    return analysis


def member_figures_store(*, analysis, result):
    """Write one MemberFigure row per member: PostgreSQL COPY, or bulk_create elsewhere (embedded SQLite)."""
    from django.db import connection

    from clusters.models import MemberFigure

    columns = (result.member_ids, result.degree, result.betweenness, result.pagerank, result.community)
    member_ids, degree, betweenness, pagerank, community = (column.tolist() for column in columns)
    cut = result.is_articulation_point.tolist()
    if connection.vendor == "postgresql":
        names = ["analysis", "member", "degree", "betweenness", "pagerank", "community", "is_articulation_point"]
        sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(MemberFigure._meta.db_table),
            ", ".join(connection.ops.quote_name(MemberFigure._meta.get_field(name).column) for name in names),
        )
        analysis_id = analysis.pk
        rows = "".join(
            f"{analysis_id}\t{m}\t{d}\t{b!r}\t{p!r}\t{c}\t{'t' if a else 'f'}\n"
            for m, d, b, p, c, a in zip(member_ids, degree, betweenness, pagerank, community, cut, strict=True)
        )
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            copy.write(rows)
        return
    MemberFigure.objects.bulk_create(
        (
            MemberFigure(
                analysis=analysis,
                member_id=m,
                degree=d,
                betweenness=b,
                pagerank=p,
                community=c,
                is_articulation_point=a,
            )
            for m, d, b, p, c, a in zip(member_ids, degree, betweenness, pagerank, community, cut, strict=True)
        ),
        batch_size=5000,
    )
