"""The review form in headless Chromium: an expert scores an assigned entry and cannot open another."""

import pytest
from django.urls import reverse

from evaluations.entries import services
from evaluations.models import Review

from .builders.competitions import fill
from .builders.review import review_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_expert_scores_an_assigned_entry_and_cannot_open_another(live_server, world, browser_context, sign_in):
    data = review_world(world)
    criterion = data["criterion"]
    other = fill(services.submission_create(round=data["round"], cluster=world.shenzhen_cluster, by=None), by=None)
    page = browser_context("en-GB").new_page()
    sign_in(page, "t-expert")
    page.click("#menu-clusters")  # the expert's review menu
    page.click("#nav-my-assignments")
    page.click(f"#assignments a[href='{reverse('review-form', args=[data['my_assignment'].pk])}']")
    page.fill(f"#id_score_{criterion.pk}", "88.5")
    page.fill("#id_comments", "产业链协作紧密，创新平台完备。")
    page.click("#review-form button[name=submit]")
    page.wait_for_selector("#review-status:has-text('Submitted')")
    response = page.goto(live_server.url + reverse("entry-detail", args=[other.pk]))
    assert response.status == 404
    response = page.goto(live_server.url + reverse("review-form", args=[data["other_assignment"].pk]))
    assert response.status == 404
    review = Review.objects.get(assignment=data["my_assignment"])
    assert review.status == Review.Status.SUBMITTED
    assert review.comments == "产业链协作紧密，创新平台完备。"
    assert str(review.scores.get().score) == "88.50"
