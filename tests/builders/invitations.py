"""Builders for the invitations matrix cases (tests/matrix/invitations.py): each makes the objects a case needs."""

from django.urls import reverse

from ..factories import InvitationFactory, UserFactory


def nanjing_invitation(route, *, api=True):
    def make(world):
        user = UserFactory(password=None)
        user.set_unusable_password()
        user.save()
        invitation = InvitationFactory(
            user=user, organisation=world.orgs["nanjing_body"], invited_by=world.nanjing_body
        )
        return reverse(route, args=[invitation.pk])

    return make


def accept_url(valid):
    def make(world):
        InvitationFactory(organisation=world.orgs["nanjing_body"], key="matrix-key")
        return reverse("invitation-accept", args=["matrix-key" if valid else "no-such-key"])

    return make
