"""Demo data of the monitoring evaluation: the 2023 and 2024 evaluations of the demo clusters (national tier),
computed by the engine from the demo observations, members and plans, with the default method (version 1).

What a reader can trace: 合肥市智能语音集群 (Hefei intelligent voice) is warned in both years by the
*concentration* rule — its largest enterprise holds about 72 % of the revenue of the cluster's enterprises in the
demo members (above the 70 % threshold), a serious warning. Seeding again changes nothing (one evaluation per
year, trigger *scheduled*).
"""

from tenancy.demo import seeder

from . import monitoring, monitoring_services
from .models import MonitoringEvaluation

YEARS = (2023, 2024)


@seeder(order=80)
def seed_monitoring(*, scale=0, log=print):
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
            monitoring.evaluate(evaluation.pk)
            evaluation.refresh_from_db()
        summary = evaluation.summary or {}
        log(
            f"monitoring {year}: {summary.get('clusters', 0)} clusters, grades {summary.get('grades', {})}, "
            f"recommendations {summary.get('recommendations', {})}"
        )
