"""Headless Chromium: a local government files a plan and submits it, the ministry returns it with a comment,
the local government sees the comment, edits the plan and resubmits it as version 2."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from policies.models import CultivationPlan, PlanVersion

from .factories import indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_out(page, live_server):
    page.click("form[action='/accounts/logout/'] button[type=submit]")
    page.wait_for_url(live_server.url + reverse("login"))


def test_a_local_government_files_the_ministry_returns_and_it_resubmits(live_server, world, browser_page, sign_in):
    indicator("revenue")  # the catalogue, in case a transactional test flushed it
    page = browser_page
    sign_in(page, "t-jiangsu")

    # File a plan: the form, one key task, one target.
    page.click("#menu-plans")
    page.click("#nav-plans")
    page.wait_for_url(live_server.url + reverse("plan-list"))
    page.click("#add-plan")
    page.select_option("select[name=cluster]", str(world.nanjing_cluster.pk))
    page.fill("input[name=title]", "南京智能电网集群培育提升方案")
    page.fill("input[name=period_start]", "2023")
    page.fill("input[name=period_end]", "2027")
    page.fill("textarea[name=overall_thinking]", "以链主企业为引领，强化协同创新。")
    page.fill("textarea[name=tasks-0-task]", "培育链主企业")
    page.fill("input[name=tasks-0-department]", "省工业和信息化厅")
    page.fill("input[name=tasks-0-deadline]", "2026-06-30")
    page.select_option("select[name=targets-0-indicator]", "revenue")
    page.fill("input[name=targets-0-baseline_year]", "2022")
    page.fill("input[name=targets-0-baseline_value]", "3000")
    page.fill("input[name=targets-0-target_year]", "2021")  # before the baseline: a field error, nothing saved
    page.fill("input[name=targets-0-target_value]", "4500")
    page.click("#plan-form button[type=submit]")
    expect(page.locator("#targets-formset .invalid-feedback")).to_have_count(1)
    assert not CultivationPlan._base_manager.exists()
    page.fill("input[name=targets-0-target_year]", "2027")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#plan-title")
    plan = CultivationPlan._base_manager.get()
    assert page.locator(".plan-status").inner_text() == "草稿"

    # Submit it (with the confirmation page).
    page.click("#submit-plan")
    page.click("#confirm-transition")
    page.wait_for_url(live_server.url + reverse("plan-detail", args=[plan.pk]))
    assert page.locator(".plan-status").get_attribute("data-status") == "submitted"
    assert page.locator("#edit-plan").count() == 0
    sign_out(page, live_server)

    # The ministry is notified, opens the plan and returns it with a comment.
    sign_in(page, "t-ministry")
    assert page.locator("#unread-notifications").inner_text().startswith("1")
    page.click("#nav-notifications")
    page.click("#notifications a")
    page.wait_for_url(live_server.url + reverse("plan-detail", args=[plan.pk]))
    page.click("#return-plan")
    page.click("#confirm-transition")  # no comment: a field error
    expect(page.locator("#transition-form .invalid-feedback")).to_have_count(1)
    page.fill("textarea[name=comment]", "请补充营业收入目标的年度分解。")
    page.click("#confirm-transition")
    page.wait_for_url(live_server.url + reverse("plan-detail", args=[plan.pk]))
    assert page.locator(".plan-status").get_attribute("data-status") == "returned"
    sign_out(page, live_server)

    # The local government sees the comment, edits the plan and resubmits it.
    sign_in(page, "t-jiangsu")
    page.goto(live_server.url + reverse("plan-detail", args=[plan.pk]))
    assert "请补充营业收入目标的年度分解。" in page.locator("#return-comment").inner_text()
    page.click("#edit-plan")
    page.fill("textarea[name=overall_thinking]", "以链主企业为引领，强化协同创新，按年度分解营业收入目标。")
    page.click("#plan-form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("plan-detail", args=[plan.pk]))
    page.click("#submit-plan")
    page.click("#confirm-transition")
    page.wait_for_url(live_server.url + reverse("plan-detail", args=[plan.pk]))
    assert page.locator(".plan-status").get_attribute("data-status") == "submitted"
    assert page.locator("#plan-version").inner_text() == "第 2 版"
    actions = page.locator("#audit-trail .timeline-entry").evaluate_all("rows => rows.map(r => r.dataset.action)")
    assert actions == ["submit", "return", "resubmit"]
    page.click("#diff-link")
    assert "按年度分解营业收入目标" in page.locator("#diff-plan ins").first.inner_text()
    assert PlanVersion._base_manager.filter(plan=plan).count() == 2
