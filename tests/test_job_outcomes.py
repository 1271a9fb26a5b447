"""Long work tells its end (issue 15, point 7): every job page shows progress while a job runs, and once it ends,
success or failure with the reason, never the percentage a failed job stopped at; a dry run says what importing
*would* create. Pages, their polled status fragments and the API's job JSON."""

import re

import pytest
from django.urls import reverse

from clusters.models import ImportJob, NetworkAnalysis
from evaluations.models import EvaluationRun
from monitoring.evaluation import services as monitoring_services
from monitoring.models import MonitoringEvaluation

from .builders.imports_files import bad_checksum, member_row, members_csv
from .builders.monitoring import ALL_TIERS
from .builders.network import build_network, finished_analysis
from .builders.runs import make_round
from .factories import OnboardingImportFactory

pytestmark = pytest.mark.usefixtures("_media")

BRIDGED_TRIANGLES = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]


def no_percentage(shown, job):
    """No percentage is shown, least of all the one the job stopped at."""
    return 'class="job-percent"' not in shown and f">{job.progress}%<" not in shown


def page(client, url, language="zh-hans"):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


# Imports ------------------------------------------------------------------------------------------------------------


def test_a_failed_import_shows_its_failure_and_reason_not_the_percentage_it_stopped_at(
    world, upload, links, page_client_for
):
    rows = [member_row(1), member_row(2, credit_code=bad_checksum(2)), member_row(3)]
    response, job = upload(members_csv(rows))
    assert response.status_code == 202 and job.status == ImportJob.Status.FAILED
    assert 0 < job.progress < 100  # where the checking stopped
    cluster, client = world.nanjing_cluster, page_client_for(world.nanjing_body)
    for url in (
        reverse("cluster-import-detail", args=[cluster.pk, job.pk]),
        reverse("cluster-import-status", args=[cluster.pk, job.pk]),
    ):
        shown = page(client, url)
        assert 'data-status="failed"' in shown and "失败" in shown and job.message in shown
        assert 'class="progress' not in shown and no_percentage(shown, job) and "hx-trigger" not in shown
    history = page(client, reverse("cluster-imports", args=[cluster.pk]), "en")
    row = re.search(rf'<tr id="import-{job.pk}">.*?</tr>', history, re.S).group(0)
    assert "Failed" in row and job.message in row
    assert re.search(r'class="text-end import-created">—<', row)
    api = client.get(reverse("api:import-job-detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en").json()
    assert (api["status"], api["status_display"], api["message"]) == ("failed", "Failed", job.message)
    assert "nothing was written" in api["message"]


def test_a_dry_run_says_what_importing_would_create_in_its_result_and_in_the_history(
    world, upload, links, page_client_for
):
    _response, job = upload(members_csv([member_row(n) for n in range(1, 4)]))
    assert (job.status, job.dry_run, job.created_rows) == (ImportJob.Status.SUCCEEDED, True, 3)
    cluster, client = world.nanjing_cluster, page_client_for(world.nanjing_body)
    history = page(client, reverse("cluster-imports", args=[cluster.pk]))
    row = re.search(rf'<tr id="import-{job.pk}">.*?</tr>', history, re.S).group(0)
    assert "将新建 3" in row and "将更新 0" in row and "创建" not in row
    english = page(client, reverse("cluster-imports", args=[cluster.pk]), "en")
    assert "would create 3" in re.search(rf'<tr id="import-{job.pk}">.*?</tr>', english, re.S).group(0)
    detail = page(client, reverse("cluster-import-detail", args=[cluster.pk, job.pk]))
    result = re.search(r'<div id="import-result".*?</dl>', detail, re.S).group(0)
    assert "试运行完成" in result and "将新建" in result and "创建" not in result
    api = client.get(reverse("api:import-job-detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["dry_run"] is True and "would create 3" in api["message"] and "Nothing was written" in api["message"]


def test_an_import_still_running_shows_its_progress_and_polls(world, page_client_for):
    job = ImportJob.objects.create(
        cluster=world.nanjing_cluster, kind="members", original_name="成员.csv", created_by=world.nanjing_body
    )
    job.start()
    job.set_progress(17, "Checking rows…")
    url = reverse("cluster-import-status", args=[world.nanjing_cluster.pk, job.pk])
    shown = page(page_client_for(world.nanjing_body), url)
    assert 'data-status="running"' in shown and "17%" in shown and 'hx-trigger="every 1s"' in shown


def test_onboarding_history_and_result_say_what_a_dry_run_would_create_and_why_a_job_failed(world, page_client_for):
    organisation = world.orgs["ministry"]
    dry_run = OnboardingImportFactory(organisation=organisation, created_by=world.ministry, dry_run=True)
    dry_run.start()
    dry_run.succeed("Dry run: all 2 rows are valid; importing would create 2. Nothing was written.")
    OnboardingImportFactory._meta.model._base_manager.filter(pk=dry_run.pk).update(rows=2, created_rows=2)
    failed = OnboardingImportFactory(organisation=organisation, created_by=world.ministry, dry_run=False)
    failed.start()
    failed.set_progress(6, "Checking rows…")
    failed.fail("1 problem found; nothing was written.")
    client = page_client_for(world.ministry)
    history = page(client, reverse("onboarding-list"))
    row = re.search(rf'<tr id="onboarding-{dry_run.pk}">.*?</tr>', history, re.S).group(0)
    assert "将新建 2" in row
    failed_row = re.search(rf'<tr id="onboarding-{failed.pk}">.*?</tr>', history, re.S).group(0)
    assert re.search(r'class="text-end onboarding-created">—<', failed_row)
    result = page(client, reverse("onboarding-status", args=[dry_run.pk]))
    assert "试运行完成" in result and "将新建" in result
    shown = page(client, reverse("onboarding-status", args=[failed.pk]))
    assert 'data-status="failed"' in shown and "1 problem found; nothing was written." in shown
    assert no_percentage(shown, failed) and "hx-trigger" not in shown


# Network analyses ---------------------------------------------------------------------------------------------------


def test_a_network_run_ends_with_its_message_and_a_link_to_its_results(world, page_client_for):
    cluster, client = world.nanjing_cluster, page_client_for(world.nanjing_body)
    analysis = NetworkAnalysis.objects.create(cluster=cluster, created_by=world.nanjing_body)
    url = reverse("network-analysis-progress", args=[cluster.pk, analysis.pk])
    analysis.start()
    analysis.set_progress(40, "Betweenness")
    running = page(client, url, "en")
    assert "40%" in running and 'hx-trigger="every 1s"' in running
    analysis.succeed("6 members, 7 links analysed.")
    done = page(client, url, "en")
    assert 'data-status="succeeded"' in done and "Succeeded" in done and "6 members, 7 links analysed." in done
    link = f"{reverse('cluster-network', args=[cluster.pk])}?analysis={analysis.pk}"
    assert f'href="{link}"' in done and "Show the results" in done and no_percentage(done, analysis)


def test_a_failed_network_run_says_why_on_its_progress_and_on_the_page(world, page_client_for):
    cluster, client = world.nanjing_cluster, page_client_for(world.nanjing_body)
    build_network(cluster, 6, BRIDGED_TRIANGLES)
    older = finished_analysis(cluster, world.nanjing_body, nodes=6, edges=7)
    failed = NetworkAnalysis.objects.create(cluster=cluster, created_by=world.nanjing_body)
    failed.start()
    failed.set_progress(6, "Loading members and collaborations")
    failed.fail("The cluster has no members to analyse.")
    progress = page(client, reverse("network-analysis-progress", args=[cluster.pk, failed.pk]), "en")
    assert 'data-status="failed"' in progress and "The cluster has no members to analyse." in progress
    assert "Show the results" not in progress and no_percentage(progress, failed)
    # The page still draws the older analysis, and says how the newest run ended.
    shown = page(client, reverse("cluster-network", args=[cluster.pk]), "en")
    latest = re.search(r'<div class="mb-4" id="latest-run">.*?</div>\s*</div>', shown, re.S).group(0)
    assert "Failed" in latest and "The cluster has no members to analyse." in latest
    assert f'data-url="{reverse("network-analysis-graph", args=[cluster.pk, older.pk])}"' in shown
    api = client.get(reverse("api:network-analysis-detail", args=[failed.pk])).json()
    assert (api["status"], api["message"]) == ("failed", "The cluster has no members to analyse.")


def test_a_succeeded_run_not_yet_opened_is_announced_with_its_link(world, page_client_for):
    cluster, client = world.nanjing_cluster, page_client_for(world.nanjing_body)
    first = finished_analysis(cluster, world.nanjing_body, nodes=6, edges=7, message="6 members, 7 links analysed.")
    newest = finished_analysis(cluster, world.nanjing_body, nodes=8, edges=9, message="8 members, 9 links analysed.")
    shown = page(client, reverse("cluster-network", args=[cluster.pk]) + f"?analysis={first.pk}", "en")
    assert 'id="latest-run"' in shown and "8 members, 9 links analysed." in shown
    assert f'?analysis={newest.pk}"' in shown
    assert 'id="latest-run"' not in page(client, reverse("cluster-network", args=[cluster.pk]), "en")


# Evaluation runs and monitoring evaluations ---------------------------------------------------------------------------


def test_a_failed_evaluation_run_shows_the_reason_on_its_page_progress_and_api(world, page_client_for):
    round_ = make_round(by=world.ministry)
    run = EvaluationRun.objects.create(round=round_, created_by=world.ministry)
    run.start()
    run.set_progress(12, "Reading the reviews")
    client = page_client_for(world.ministry)
    running = page(client, reverse("evaluation-run-progress", args=[run.pk]), "en")
    assert "12%" in running and 'hx-trigger="every 1s"' in running
    run.fail("No entry of the round is eligible.")
    progress = page(client, reverse("evaluation-run-progress", args=[run.pk]), "en")
    assert 'data-status="failed"' in progress and "No entry of the round is eligible." in progress
    assert no_percentage(progress, run)
    detail = page(client, reverse("evaluation-run-detail", args=[run.pk]), "en")
    assert "Failed" in detail and detail.count("No entry of the round is eligible.") >= 1
    api = client.get(reverse("api:evaluation-run-detail", args=[run.pk])).json()
    assert (api["status"], api["message"]) == ("failed", "No entry of the round is eligible.")


def test_a_monitoring_evaluation_shows_success_or_failure_with_the_reason(world, page_client_for):
    client = page_client_for(world.ministry)
    evaluation = MonitoringEvaluation.objects.create(
        year=2024, method=monitoring_services.method_current(), tiers=ALL_TIERS, created_by=world.ministry
    )
    evaluation.start()
    evaluation.set_progress(6, "Reading the inputs")
    evaluation.fail("No national cluster has figures for 2024.")
    for url in (
        reverse("monitoring-evaluation-detail", args=[evaluation.pk]),
        reverse("monitoring-evaluation-progress", args=[evaluation.pk]),
    ):
        shown = page(client, url, "en")
        assert 'data-status="failed"' in shown and "No national cluster has figures for 2024." in shown
        assert no_percentage(shown, evaluation)
    api = client.get(reverse("api:monitoring-evaluation-detail", args=[evaluation.pk])).json()
    assert (api["status"], api["message"]) == ("failed", "No national cluster has figures for 2024.")

    succeeded = MonitoringEvaluation.objects.create(
        year=2023, method=monitoring_services.method_current(), tiers=ALL_TIERS, created_by=world.ministry
    )
    succeeded.start()
    succeeded.succeed("12 clusters evaluated")
    shown = page(client, reverse("monitoring-evaluation-detail", args=[succeeded.pk]), "en")
    assert 'data-status="succeeded"' in shown and "12 clusters evaluated" in shown
