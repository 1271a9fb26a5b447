"""One job of each kind under the watchdog (tenancy/watchdog.py), requested as a user would: recorded, then queued
when the transaction commits (tests/test_watchdog.py, tests/test_watchdog_worker.py)."""

from django.core.files.base import ContentFile

from clusters.imports.job import run_import_later
from clusters.models import ChainLink, ImportJob, MemberFigure, NetworkAnalysis
from clusters.network import services as network_services
from evaluations.models import EvaluationRun, Result
from evaluations.runs import services as run_services
from monitoring.evaluation import services as monitoring_services
from monitoring.models import MonitoringEvaluation, MonitoringResult
from tenancy.exports import services as export_services
from tenancy.exports.models import ExportJob
from tenancy.onboarding import services as onboarding_services
from tenancy.onboarding.models import OnboardingImport
from tenancy.tasks import enqueue

from ..factories import MemberFactory
from .imports_files import csv_bytes, member_row, members_csv
from .monitoring import ALL_TIERS, seed_data
from .network import build_network
from .runs import add_entry, add_review, criteria_of, expert_criterion, experts, make_round

KINDS = ("import", "network", "run", "monitoring", "onboarding", "export")
MODELS = {
    "import": ImportJob,
    "network": NetworkAnalysis,
    "run": EvaluationRun,
    "monitoring": MonitoringEvaluation,
    "onboarding": OnboardingImport,
    "export": ExportJob,
}
EXPERTS_HEADER = ["用户名", "姓名", "电子邮箱", "工作单位", "地区代码"]


def request_job(kind, world):
    """Record a job of `kind` and queue its task on commit; the row."""
    if kind == "import":
        ChainLink.objects.create(cluster=world.nanjing_cluster, name="输变电设备", segment="midstream")
        job = ImportJob(
            cluster=world.nanjing_cluster,
            kind="members",
            dry_run=False,
            original_name="成员.csv",
            created_by=world.nanjing_body,
        )
        job.file.save("watchdog.csv", ContentFile(members_csv([member_row(n) for n in range(1, 21)])), save=False)
        job.save()
        run_import_later(job, "clusters.run_import")
        return job
    if kind == "network":
        build_network(world.nanjing_cluster, 6, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
        return network_services.network_analysis_request(cluster=world.nanjing_cluster, by=world.nanjing_body)
    if kind == "run":
        round_ = make_round(by=world.ministry, rubric=[expert_criterion("协作", 100, max_score=10)], top_n=1)
        (criterion,) = criteria_of(round_)
        first, second = experts(2)
        for n in range(3):
            entry = add_entry(round_)
            add_review(entry, first, {criterion: 5 + n})
            add_review(entry, second, {criterion: 4 + n})
        return run_services.run_start(round=round_, by=world.ministry)
    if kind == "export":
        for n in range(20):
            MemberFactory(cluster=world.nanjing_cluster, name=f"导出成员{n:02d}")
        return export_services.export_start(
            key="clusters.members", file_format="xlsx", target=world.nanjing_cluster.pk, by=world.nanjing_body
        )
    if kind == "onboarding":
        rows = [[f"watchdog-expert-{n}", f"专家{n}", f"expert{n}@example.cn", "东南大学", "320100"] for n in range(20)]
        job = OnboardingImport(
            kind="experts",
            organisation=world.orgs["ministry"],
            dry_run=False,
            language="zh-hans",
            original_name="专家.csv",
            created_by=world.ministry,
        )
        job.file.save("watchdog.csv", ContentFile(csv_bytes(EXPERTS_HEADER, rows)), save=False)
        job.save()
        enqueue(onboarding_services.TASK, job.pk)
        return job
    seed_data(world)
    return monitoring_services.evaluation_start(year=2024, tiers=ALL_TIERS, by=world.ministry)


def outcome(kind, job):
    """What the finished job wrote: rows imported, figures, results."""
    if kind == "import":
        job.refresh_from_db()
        return job.created_rows + job.updated_rows
    if kind == "onboarding":
        job.refresh_from_db()
        return job.created_rows
    if kind == "export":
        job.refresh_from_db()
        return job.rows
    if kind == "network":
        return MemberFigure.objects.filter(analysis=job).count()
    if kind == "run":
        return Result.objects.filter(run=job).count()
    return MonitoringResult.objects.filter(evaluation=job).count()


EXPECTED = {"import": 20, "network": 6, "run": 3, "monitoring": 5, "onboarding": 20, "export": 20}
