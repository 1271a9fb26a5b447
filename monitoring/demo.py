"""Demo data of the monitoring evaluation: the 2023 and 2024 evaluations of the demo clusters (national tier),
computed by the engine from the demo observations, members and plans, with the default method (version 1).

What a reader can trace: 合肥市智能语音集群 (Hefei intelligent voice) is warned in both years by the
*concentration* rule — its largest enterprise holds about 72 % of the revenue of the cluster's enterprises in the
demo members (above the 70 % threshold), a serious warning; no demo data is changed for it. Seeding again
changes nothing (one evaluation per year, trigger *scheduled*).

So that the network inputs and rules have data, each demo cluster without a succeeded network analysis gets one
first (computed synchronously by the clusters app's service, about 5 s for the ten clusters).
"""

from clusters.models import Cluster, NetworkAnalysis
from clusters.network import services as cluster_services
from monitoring.evaluation import grading
from monitoring.evaluation import services as monitoring_services
from monitoring.models import MonitoringEvaluation
from tenancy.demo import CANDIDATE_BODIES, PROMOTION_BODIES, seeder


def analyse_demo_networks(log):
    slugs = [body[0] for body in [*PROMOTION_BODIES, *CANDIDATE_BODIES]]
    analysed = NetworkAnalysis.objects.filter(status=NetworkAnalysis.Status.SUCCEEDED).values("cluster_id")
    clusters = Cluster.objects.filter(promotion_body__slug__in=slugs).exclude(pk__in=analysed).order_by("pk")
    for cluster in clusters:
        analysis = NetworkAnalysis.objects.create(cluster=cluster)
        cluster_services.network_analysis_run(analysis=analysis)
    if clusters:
        log(f"network analyses: {len(clusters)} demo clusters analysed for the monitoring evaluation")


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
