"""Forms that fit, in headless Chromium: the rubric editor adds and removes rows in the page with a live weight
total and saves past an untouched blank row; the region picker searches and cascades province → city → county
over the plain select, which is what posts; the co-owner picker searches the local governments."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusters.models import Cluster
from evaluations.models import Criterion

from .builders.competitions import make_competition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_rubric_editor_adds_and_removes_rows_with_a_live_total(live_server, world, browser_context, sign_in):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    first, second = Criterion.objects.filter(round=round_).order_by("position")
    page = browser_context("en-GB").new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "t-ministry")
    page.goto(live_server.url + reverse("rubric-edit", args=[round_.pk]))
    total = page.locator("#rubric-total")
    expect(total).to_have_text("100")
    expect(total).not_to_have_class("text-danger")
    rows = page.locator("#rubric-table tbody tr.criterion-row:visible")
    expect(rows).to_have_count(3)  # two criteria and the one empty row

    page.click("#rubric-add")
    expect(rows).to_have_count(4)
    assert page.input_value("#id_criteria-TOTAL_FORMS") == "4"
    page.fill("input[name='criteria-3-name']", "协同创新")
    page.fill("input[name='criteria-3-weight']", "10")
    expect(total).to_have_text("110")
    expect(total).to_have_class("text-danger")

    # Remove the first criterion: its row goes, its delete box is ticked, the total follows.
    page.locator("#rubric-table tbody tr.criterion-row").nth(0).locator(".rubric-remove").click()
    expect(rows).to_have_count(3)
    assert page.locator("input[name='criteria-0-DELETE']").is_checked()
    expect(total).to_have_text(str(100 - int(first.weight) + 10))
    page.fill("input[name='criteria-3-weight']", str(int(first.weight)))
    expect(total).to_have_text("100")
    expect(total).not_to_have_class("text-danger")

    # The empty row (criteria-2) is left untouched: saving works.
    page.click("#rubric-form button[type=submit]")
    page.wait_for_url(live_server.url + reverse("competition-detail", args=[round_.competition_id]))
    saved = set(Criterion.objects.filter(round=round_).values_list("name", "weight"))
    assert saved == {(second.name, second.weight), ("协同创新", first.weight)}
    assert errors == []


def test_the_region_picker_searches_and_cascades_and_the_select_posts(live_server, world, browser_context, sign_in):
    cluster = world.nanjing_cluster
    page = browser_context("zh-CN").new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "t-ministry")
    page.goto(live_server.url + reverse("cluster-governance", args=[cluster.pk]))
    picker = page.locator(".picker[data-picker-for=regions]")
    expect(picker).to_be_visible()
    expect(page.locator("select[name=regions]")).to_be_hidden()
    before = list(cluster.regions.values_list("code", flat=True))
    expect(picker.locator(".picker-chip")).to_have_count(len(before))

    # Search: typing a name lists matches; clicking one adds a chip and selects the option.
    picker.locator(".picker-search").fill("深圳")
    picker.locator(".picker-match[data-code='440300']").click()
    expect(picker.locator(".picker-chip[data-code='440300']")).to_be_visible()

    # Cascade: province, then city, then add.
    picker.locator(".picker-province").select_option("320000")
    picker.locator(".picker-city").select_option("320500")
    picker.locator(".picker-add").click()
    expect(picker.locator(".picker-chip[data-code='320500']")).to_be_visible()

    # Remove the cluster's first region by its chip.
    picker.locator(f".picker-chip[data-code='{before[0]}'] button").click()
    expect(picker.locator(f".picker-chip[data-code='{before[0]}']")).to_have_count(0)
    chosen = page.eval_on_selector("select[name=regions]", "s => Array.from(s.selectedOptions).map(o => o.value)")
    assert sorted(chosen) == sorted({*before[1:], "440300", "320500"})

    page.fill("input[name=reason]", "跨区域协同")
    page.click("#governance-form button[type=submit]")
    page.wait_for_url(f"**{reverse('cluster-detail', args=[cluster.pk])}*")
    saved = Cluster._base_manager.get(pk=cluster.pk).regions.values_list("code", flat=True)
    assert sorted(saved) == sorted(chosen)
    assert errors == []


def test_the_co_owner_picker_searches_the_local_governments(live_server, world, browser_context, sign_in):
    page = browser_context("en-GB").new_page()
    sign_in(page, "t-jiangsu")
    page.goto(live_server.url + reverse("plan-add"))
    picker = page.locator(".picker[data-picker-for=co_owners]")
    expect(page.locator("select[name=co_owners]")).to_be_hidden()
    options = page.eval_on_selector("select[name=co_owners]", "s => Array.from(s.options).map(o => [o.value, o.text])")
    assert options, "the cast has local governments to co-own with"
    value, text = options[0]
    picker.locator(".picker-search").fill(text.strip()[:2])
    picker.locator(f".picker-match[data-code='{value}']").click()
    expect(picker.locator(f".picker-chip[data-code='{value}']")).to_be_visible()
    chosen = page.eval_on_selector("select[name=co_owners]", "s => Array.from(s.selectedOptions).map(o => o.value)")
    assert chosen == [value]
