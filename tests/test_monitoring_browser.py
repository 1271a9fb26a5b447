"""In headless Chromium, as the ministry would: run a monitoring evaluation from the evaluations page, open a cluster
the evaluation warned, and record a decision (after its confirmation); the cluster's promotion body then finds the
notification and the decision."""

import re

import pytest
from django.urls import reverse

from monitoring.models import AdjustmentDecision, MonitoringEvaluation, MonitoringResult
from tenancy.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_ministry_runs_an_evaluation_opens_a_warned_cluster_and_decides(
    live_server, world, browser_context, sign_in
):
    page = browser_context("en-GB").new_page()
    sign_in(page, "t-ministry")

    page.goto(live_server.url + reverse("monitoring-evaluation-list"))
    page.fill("#run-form input[name=year]", "2024")
    page.click("#run-form button[type=submit]")
    page.wait_for_url(re.compile(r"/monitoring/\d+/$"))
    evaluation = MonitoringEvaluation.objects.get(year=2024)
    for _attempt in range(60):  # the task runs right after the commit; the page may show it still running
        evaluation.refresh_from_db()
        if evaluation.is_finished:
            break
        page.wait_for_timeout(500)
    assert evaluation.status == MonitoringEvaluation.Status.SUCCEEDED, evaluation.error
    page.reload()

    warned = (
        MonitoringResult.objects.filter(evaluation=evaluation, warnings__isnull=False)
        .select_related("cluster")
        .order_by("cluster__name")
        .first()
    )
    assert warned is not None, "the evaluation warned no cluster"
    page.click(f"#results a:has-text('{warned.cluster.name_en or warned.cluster.name}')")  # an English page
    page.wait_for_url(f"**{reverse('monitoring-result-detail', args=[warned.pk])}")
    assert page.locator("#decision-panel").is_visible()

    page.click("#decision-panel a:has-text('Record a decision')")
    page.select_option("select[name=decision]", "warn")
    page.fill("textarea[name=reason]", "预警：请在一年内整改并报送整改说明。")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#confirm-decision")
    assert not AdjustmentDecision.objects.filter(result=warned).exists()  # nothing before the confirmation
    page.click("#confirm-decision")
    page.wait_for_url(f"**{reverse('rectification-list', args=[warned.cluster_id])}")
    assert page.locator("#decisions").inner_text().count("Warn") >= 1

    decision = AdjustmentDecision.objects.get(result=warned)
    assert (decision.decision, decision.reason, decision.decided_by) == (
        "warn",
        "预警：请在一年内整改并报送整改说明。",
        world.ministry,
    )
    assert Notification.objects.filter(
        kind="adjustment.warned", organisation_id=warned.cluster.promotion_body_id
    ).exists()
