"""Headless Chromium: a promotion body searches (the bar's search box, then the partner posts' list), finds
another cluster's offer and expresses interest; the publisher finds the interest in its work and sees no contact
before it accepts. At 390 px the list is a stack of cards."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from exchange.posts import services
from exchange.posts.models import Interest
from tenancy.models import Notification, Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def publish(world, title, description, *, direction="offer", kind="technology"):
    post = services.post_create(
        by=world.shenzhen_body,
        cluster=world.shenzhen_cluster,
        direction=direction,
        kind=kind,
        title=title,
        description=description,
        region=Region.objects.get(code="440300"),
        expires_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    return services.post_open(post=post, by=world.shenzhen_body)


def test_a_body_searches_finds_an_offer_and_expresses_interest(live_server, world, browser_page, sign_in):
    offer = publish(world, "5G通信模组与行业定制方案", "可提供5G RedCap 模组与联合调测。")
    publish(world, "寻求液压件配套", "需要高压柱塞泵。", direction="need", kind="supply")
    page = browser_page
    sign_in(page, "t-nanjing")

    # The search box of the bar finds the offer among everything the body may open.
    page.fill("#nav-search-input", "模组")
    page.press("#nav-search-input", "Enter")
    page.wait_for_url(re.compile(r".*/search/\?q="))
    expect(page.locator(f"a[href='{reverse('post-detail', args=[offer.pk])}']")).to_be_visible()

    # So does the list of partner posts, by its own search.
    page.click("#menu-exchange")
    page.click("#nav-posts")
    page.wait_for_url(live_server.url + reverse("post-list"))
    expect(page.locator("#post-table tbody tr")).to_have_count(2)
    page.fill("#post-search", "redcap")  # the description, whatever the case
    page.click("#post-filter-button")
    expect(page.locator("#post-table tbody tr")).to_have_count(1)
    row = page.locator(f"#post-{offer.pk}")
    expect(row).to_contain_text(world.shenzhen_cluster.name)

    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("#post-table")).to_have_class(re.compile("table-cards"))
    assert row.evaluate("el => getComputedStyle(el).display") == "block"  # a card, not a table row
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})

    row.locator("a").first.click()
    page.wait_for_url(live_server.url + reverse("post-detail", args=[offer.pk]))
    page.click("#express-interest")
    page.click("#confirm-interest")  # no message: a field error, nothing sent
    expect(page.locator("#interest-form .invalid-feedback")).to_have_count(1)
    assert not Interest._base_manager.exists()
    page.fill("textarea[name=message]", "南京智能电网集群希望引入5G模组用于配网终端。")
    page.fill("input[name=contact_name]", "张三")
    page.fill("input[name=contact_phone]", "025-0000-0000")
    page.click("#confirm-interest")
    page.wait_for_url(live_server.url + reverse("post-detail", args=[offer.pk]))
    expect(page.locator("#own-interest-status")).to_have_text("待回复")
    assert page.locator("#express-interest").count() == 0

    interest = Interest._base_manager.get()
    assert (interest.organisation_id, interest.contact_name) == (world.orgs["nanjing_body"].pk, "张三")
    note = Notification._base_manager.get(kind="posts.interest")
    assert note.organisation_id == world.orgs["shenzhen_body"].pk

    # The publisher sees the interest, not yet the contact.
    page.click("form[action='/accounts/logout/'] button[type=submit]")
    sign_in(page, "t-shenzhen")
    page.goto(live_server.url + reverse("post-detail", args=[offer.pk]))
    expect(page.locator(f"#interest-{interest.pk}")).to_contain_text(world.orgs["nanjing_body"].name)
    expect(page.locator(f"#interest-{interest.pk}")).not_to_contain_text("025-0000-0000")
