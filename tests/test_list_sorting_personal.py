"""Sorting of the personal lists (API tokens, notifications): each declared sort orders hand-built rows with known
values, in both directions. These lists are the user's own technical records: sorted, not exported."""

import datetime

import pytest
from django.urls import reverse

from tenancy.accounts.tables import TOKEN_SORTS
from tenancy.models import ApiToken, Notification, NotificationRead
from tenancy.notifications.tables import NOTIFICATION_SORTS

from .builders.sorting import assert_sorts
from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def day(number):
    return datetime.datetime(2031, 3, number, 9, 0, tzinfo=datetime.UTC)


def test_the_token_list_sorts_by_each_column(world, page_client_for):
    def token(name, created, expires, used):
        return ApiToken.objects.create(
            user=world.nanjing_body,
            name=name,
            digest=f"{name:0<64}"[:64],
            prefix=name[:8],
            created=day(created),
            expires=day(expires),
            last_used=day(used) if used else None,
        )

    a = token("sort-b", 2, 20, 5)
    b = token("sort-c", 3, 18, None)
    c = token("sort-a", 1, 19, 6)
    expected = {
        "name": [c, a, b],
        "created": [c, a, b],
        "expires": [b, c, a],
        "last_used": ([a, c, b], [c, a, b]),  # never used last both ways
    }
    client = page_client_for(world.nanjing_body)
    assert_sorts(client, reverse("account-tokens"), TOKEN_SORTS, expected, default_order=[b, a, c])


def test_the_notification_list_sorts_by_date_and_unread_first(world, page_client_for):
    def notification(when, read):
        made = NotificationFactory(organisation=world.orgs["nanjing_body"])
        Notification.objects.filter(pk=made.pk).update(created=day(when))
        if read:
            NotificationRead.objects.create(notification=made, user=world.nanjing_body)
        return made

    a, b, c = notification(2, False), notification(3, True), notification(1, False)
    expected = {"received": [c, a, b], "unread": [a, c, b]}
    client = page_client_for(world.nanjing_body)
    url = reverse("notification-list")
    assert_sorts(client, url, NOTIFICATION_SORTS, expected, default_order=[b, a, c], marker='aria-current="true"')
