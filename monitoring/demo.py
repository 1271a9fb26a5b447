"""Demo data of the monitoring evaluation: the 2023 and 2024 evaluations of the demo clusters (national tier),
computed by the engine from the demo observations, members and plans, with the default method (version 1).

What a reader can trace: 东莞市智能移动终端集群 (Dongguan smart mobile terminals) is warned in both years by the
*indicator falling* rule — its invention patents granted fall every year of the demo (its profile in
clusters/demo/data.py says so), a serious warning. With members at their real order of magnitude no cluster rests on
one enterprise, so no *concentration* warning. The grades are spread (B, C and D) and move by about a point from 2023
to 2024. Seeding again changes nothing (one evaluation per year, trigger *scheduled*).

So that the network inputs and rules have data, each demo cluster gets a succeeded network analysis of each
evaluated year first (computed synchronously by the clusters app's service, about 5 s a year for the clusters).
"""

from clusters.models import Cluster, Collaboration, Member, MemberYear, NetworkAnalysis
from clusters.network import services as cluster_services
from monitoring.evaluation import grading
from monitoring.evaluation import services as monitoring_services
from monitoring.models import MonitoringEvaluation
from tenancy.demo import CANDIDATE_BODIES, PROMOTION_BODIES, seeder
from tenancy.statistics import refresh_statistics


def analyse_demo_networks(log):
    """One analysis per demo cluster and evaluated year (the network of that year). The members, collaborations
    and figures were bulk-inserted just before: their statistics are refreshed first, or the planner takes the
    tables for empty and joins Shenzhen's 50,000 members in nested loops."""
    refresh_statistics(Member, Member.chain_links.through, Collaboration, MemberYear)
    slugs = [body[0] for body in [*PROMOTION_BODIES, *CANDIDATE_BODIES]]
    done = 0
    for year in YEARS:
        analysed = NetworkAnalysis.objects.filter(status=NetworkAnalysis.Status.SUCCEEDED, year=year)
        clusters = Cluster.objects.filter(promotion_body__slug__in=slugs).exclude(pk__in=analysed.values("cluster_id"))
        for cluster in clusters.order_by("pk"):
            analysis = NetworkAnalysis.objects.create(cluster=cluster, year=year)
            cluster_services.network_analysis_run(analysis=analysis)
            done += 1
    if done:
        log(f"network analyses: {done} analyses of the demo clusters' {', '.join(map(str, YEARS))} networks")


YEARS = (2023, 2024)


@seeder(order=80)
def seed_monitoring(*, scale=0, log=print):
    if not MonitoringEvaluation.objects.filter(year__in=YEARS, status=MonitoringEvaluation.Status.SUCCEEDED).exists():
        analyse_demo_networks(log)
    method = monitoring_services.method_current()
    for year in YEARS:
        evaluation = MonitoringEvaluation.objects.filter(
            year=year, trigger=MonitoringEvaluation.Trigger.SCHEDULED, status=MonitoringEvaluation.Status.SUCCEEDED
        ).first()
        if evaluation is None:
            MonitoringEvaluation.objects.filter(year=year, trigger=MonitoringEvaluation.Trigger.SCHEDULED).delete()
            evaluation = MonitoringEvaluation.objects.create(
                year=year,
                method=method,
                tiers=list(monitoring_services.DEFAULT_TIERS),
                trigger=MonitoringEvaluation.Trigger.SCHEDULED,
            )
            grading.evaluate(evaluation.pk)
            evaluation.refresh_from_db()
        summary = evaluation.summary or {}
        log(
            f"monitoring {year}: {summary.get('clusters', 0)} clusters, grades {summary.get('grades', {})}, "
            f"recommendations {summary.get('recommendations', {})}"
        )
