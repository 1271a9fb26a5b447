"""Builders for the onboarding matrix cases (tests/matrix/onboarding.py): each makes the objects a case needs."""

from django.urls import reverse

from ..factories import OnboardingImportFactory


def job_of(owner, route):
    def make(world):
        job = OnboardingImportFactory(organisation=world.orgs[owner], created_by=world.user(owner))
        return reverse(route, args=[job.pk])

    return make
