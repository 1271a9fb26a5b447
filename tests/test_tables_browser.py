"""The list tables on a phone (390 × 844) in headless Chromium: nothing is cut off (the page is no wider than the
screen and every cell's text lies inside it), each row reads as a card of "label: value", and the sortable headers
still sort. On a desktop the same tables stay tables."""

import pytest
from django.urls import reverse

from .factories import MemberFactory, PolicyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}

# Per table on the page: how wide the document is, how many body cells there are, which of them have text outside
# the screen (each line box of the cell's text, not the cell's box), and how many are labelled.
MEASURE = """() => {
  const screen = document.documentElement.clientWidth;
  const cells = [...document.querySelectorAll("table.table > tbody > tr > td, table.table > tbody > tr > th")];
  const outside = [];
  for (const cell of cells) {
    const range = document.createRange();
    range.selectNodeContents(cell);
    for (const box of range.getClientRects()) {
      if (box.width && (box.left < -0.5 || box.right > screen + 0.5)) {
        outside.push(cell.textContent.trim().slice(0, 40));
        break;
      }
    }
  }
  return {
    screen: screen,
    scrollWidth: document.scrollingElement.scrollWidth,
    cells: cells.length,
    outside: outside,
    labelled: cells.filter((cell) => cell.dataset.label).length,
    cards: document.querySelectorAll("table.table-cards").length,
    headerShown: [...document.querySelectorAll("table.table > thead")].map((head) => getComputedStyle(head).display),
  };
}"""


def measure(page):
    page.wait_for_selector("table.table-cards")
    return page.evaluate(MEASURE)


def assert_fits_the_phone(page):
    found = measure(page)
    assert found["screen"] == 390
    assert found["scrollWidth"] <= 390, found
    assert found["cells"] > 0
    assert found["outside"] == [], found
    assert found["cards"] >= 1
    return found


def long_rows(world):
    cluster = world.nanjing_cluster
    for number in range(30):  # two pages: the pager shows on the phone too
        MemberFactory(
            cluster=cluster,
            name=f"江苏省南京市高压输变电与智能电网成套装备制造有限责任公司第{number}分公司",
            revenue="1234567890.12",
            employees=123456,
            rd_spend="98765432.10",
            patents=4321,
        )
    for number in range(3):
        PolicyFactory(
            title=f"关于加快推进先进制造业集群高质量发展进一步强化产业链供应链韧性和安全水平的若干政策措施（第{number}号）",
            document_number="苏工信规〔2024〕1234567号",
            status="published",
            issuer=world.orgs["ministry"],
            level="national",
        )


def test_lists_fit_a_phone_as_cards_and_still_sort(live_server, world, browser_context, sign_in):
    long_rows(world)
    page = browser_context("zh-CN").new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, "t-nanjing")

    page.goto(live_server.url + reverse("cluster-member-list", args=[world.nanjing_cluster.pk]))
    found = assert_fits_the_phone(page)
    assert found["labelled"] == found["cells"]  # every member cell says which column it is
    revenue = page.locator("#member-table tbody tr >> nth=0").locator("td >> nth=5")
    assert revenue.get_attribute("data-label") == "营业收入（万元）"  # the header's text, without its arrow
    assert page.locator(".pagination").is_visible()

    page.locator("#member-table thead a", has_text="营业收入（万元）").click()
    page.wait_for_url("**sort=revenue**")
    assert page.locator("#member-table th[aria-sort=ascending]").count() == 1
    assert_fits_the_phone(page)

    page.goto(live_server.url + reverse("cluster-list"))
    assert_fits_the_phone(page)

    page.goto(live_server.url + reverse("policy-list"))
    assert_fits_the_phone(page)


def test_on_a_desktop_the_tables_stay_tables(live_server, world, browser_context, sign_in):
    long_rows(world)
    page = browser_context("zh-CN").new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, "t-nanjing")
    page.goto(live_server.url + reverse("cluster-member-list", args=[world.nanjing_cluster.pk]))
    found = measure(page)
    assert found["headerShown"] == ["table-header-group"]
    assert page.locator("#member-table tbody tr >> nth=0").evaluate("row => getComputedStyle(row).display") == (
        "table-row"
    )
