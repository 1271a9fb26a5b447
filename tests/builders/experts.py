"""Builders for the experts matrix cases (tests/matrix/experts.py): each makes the objects a case needs."""

from django.urls import reverse

from ..factories import ExpertProfileFactory, UserFactory


def pending_expert(route):
    """An expert added without a password yet: the ministry invites them."""

    def make(world):
        user = UserFactory(username="t-pending-expert", email="pending@example.cn")
        user.set_unusable_password()
        user.save()
        return reverse(route, args=[ExpertProfileFactory(user=user).pk])

    return make


def deactivated_expert(route):
    """Another expert, deactivated (the cast's expert, deactivated, could not sign in to ask)."""

    def make(world):
        profile = ExpertProfileFactory(user=UserFactory(username="t-gone-expert", is_active=False))
        return reverse(route, args=[profile.pk])

    return make
