"""The monitoring evaluation in headless Chromium: the ministry runs the year's evaluation from the page, filters
the warned clusters and opens one, whose page says which rule warned it and why."""

import pytest
from django.urls import reverse

from evaluations.models import MonitoringEvaluation

from .matrix.monitoring import seed_data
from .test_browser import CHROMIUM, CHROMIUM_ARGS
from .test_entries_browser import serve_collected_static, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_ministry_runs_an_evaluation_and_opens_a_warned_cluster(live_server, world):
    from playwright.sync_api import sync_playwright

    seed_data(world)  # the Shenzhen cluster's largest enterprise holds 90 % of its members' revenue
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB")
        context.route("**/static/**", serve_collected_static)
        page = context.new_page()
        sign_in(page, live_server, "t-ministry")
        page.click("#nav-monitoring")
        page.fill("#run-form input[name=year]", "2024")
        page.click("#run-form button[type=submit]")
        page.wait_for_selector("#results")  # the eager task ran at commit: the results are there
        evaluation = MonitoringEvaluation.objects.get()
        assert evaluation.status == MonitoringEvaluation.Status.SUCCEEDED
        assert page.url == live_server.url + reverse("monitoring-evaluation-detail", args=[evaluation.pk])

        page.select_option("#id_recommendation", "warn")
        page.click("#result-filters button[type=submit]")
        page.wait_for_url("**recommendation=warn**")
        page.click(f"#results a:has-text('{world.shenzhen_cluster.name_en}')")  # English page: English names
        page.wait_for_selector("#warnings")
        assert "Concentration on one enterprise" in page.inner_text("#warnings")
        assert "龙头企业 has 90.0 % of the revenue" in page.inner_text("#warnings")
        assert page.inner_text("#recommendation").endswith("Warn")
        assert page.locator("#radar-chart canvas").count() == 1
        browser.close()
