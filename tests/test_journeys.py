"""Each role's main job (DESIGN §1), walked in headless Chromium by the menus and links alone, at 1366 px and at
390 px: the ministry approves a plan, a local government files one, a promotion body adds a member, an expert
scores an assigned entry, a visitor finds a national cluster in the public register. Every page on the way fits
the width, logs no console error and shows no untranslated message (tests/builders/journeys.py)."""

import pytest
from django.urls import reverse

from clusters.models import Member
from evaluations.models import Review
from policies.models import CultivationPlan

from .builders.journeys import journey, translated_english  # noqa: F401 - the fixture
from .builders.plans import make_plan
from .builders.review import review_world
from .factories import PASSWORD, indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(trip, username):
    """From the public home page: the sign-in link, the form, then the dashboard."""
    trip.start("/")
    trip.menu("sign-in")
    trip.page.fill("input[name=username]", username)
    trip.page.fill("input[name=password]", PASSWORD)
    trip.click("main form button[type=submit]")
    assert trip.page.url == trip.base_url + "/"


def test_the_ministry_approves_a_submitted_plan(journey, world):  # noqa: F811
    indicator("revenue")
    plan = make_plan(world, state="submitted")
    trip = journey()
    sign_in(trip, "t-ministry")
    trip.menu("menu-plans", "nav-plans")
    trip.click(f"a[href='{reverse('plan-detail', args=[plan.pk])}']")
    trip.click("#approve-plan")
    trip.click("#confirm-transition")
    assert trip.page.locator(".plan-status").get_attribute("data-status") == "approved"
    assert CultivationPlan._base_manager.get(pk=plan.pk).status == CultivationPlan.Status.APPROVED


def test_a_local_government_files_and_submits_a_plan(journey, world):  # noqa: F811
    indicator("revenue")
    trip = journey()
    sign_in(trip, "t-jiangsu")
    trip.menu("menu-plans", "nav-plans")
    trip.click("#add-plan")
    page = trip.page
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
    page.fill("input[name=targets-0-target_year]", "2027")
    page.fill("input[name=targets-0-target_value]", "4500")
    trip.click("#plan-form button[type=submit]")
    trip.click("#submit-plan")
    trip.click("#confirm-transition")
    plan = CultivationPlan._base_manager.get()
    assert (plan.title, plan.status) == ("南京智能电网集群培育提升方案", CultivationPlan.Status.SUBMITTED)


def test_a_promotion_body_adds_a_member_to_its_cluster(journey, world):  # noqa: F811
    trip = journey()
    sign_in(trip, "t-nanjing")
    trip.menu("menu-clusters", "nav-clusters")
    trip.click(f"main a[href='{reverse('cluster-detail', args=[world.nanjing_cluster.pk])}']")
    trip.click(f"main a[href='{reverse('cluster-member-list', args=[world.nanjing_cluster.pk])}']")
    trip.click("#add-member")
    trip.page.fill("input[name=name]", "南京南瑞继保电气有限公司")
    trip.click("#member-form button[type=submit]")
    member = Member._base_manager.get(cluster=world.nanjing_cluster, name="南京南瑞继保电气有限公司")
    assert member.kind == Member.Kind.ENTERPRISE


def test_an_expert_scores_an_assigned_entry(journey, world):  # noqa: F811
    data = review_world(world)
    criterion = data["criterion"]
    trip = journey()
    sign_in(trip, "t-expert")
    trip.menu("menu-clusters", "nav-my-assignments")
    trip.click(f"#assignments a[href='{reverse('review-form', args=[data['my_assignment'].pk])}']")
    trip.page.fill(f"#id_score_{criterion.pk}", "88.5")
    trip.page.fill("#id_comments", "产业链协作紧密，创新平台完备。")
    trip.click("#review-form button[name=submit]")
    review = Review._base_manager.get(assignment=data["my_assignment"])
    assert (review.status, str(review.scores.get().score)) == (Review.Status.SUBMITTED, "88.50")


def test_a_visitor_finds_a_national_cluster_in_the_public_register(journey, world):  # noqa: F811
    trip = journey()
    trip.start("/")
    trip.menu("nav-register")
    trip.page.fill("main input[name=q]", "无锡")
    trip.click("main form[role=search] button[type=submit]")
    trip.click(f"#register a[href='{reverse('register-detail', args=[world.wuxi_cluster.pk])}']")
    assert world.wuxi_cluster.name in trip.page.locator("h1").inner_text()
    assert len(trip.pages_checked) == 4


def test_the_untranslated_check_knows_the_catalogues_english():
    english = translated_english()
    assert {"Sign out", "Members", "Plans & policies"} <= english
    assert "Work to do" in english and "English" not in english  # a language's own name is not translated
