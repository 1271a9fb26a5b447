"""Builders of the observation tests: the objects the observations matrix cases (tests/matrix/observations.py)
need, and evidence files and API clients for tests/test_observations.py and tests/test_observation_pages.py."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..factories import ObservationFactory, indicator

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def observation_url(route, cluster_name, *, api, evidence=False, extra_args=(), status="draft"):
    """A case URL that creates an observation (with an evidence file if asked) in the named cluster; a draft
    unless told (what the body may still change)."""

    def make(world):
        cluster = world.clusters[cluster_name]
        observation = ObservationFactory(cluster=cluster, indicator=indicator("revenue"), status=status)
        if evidence:
            observation.evidence.save("yearbook.pdf", ContentFile(PDF), save=True)
        args = [observation.pk] if api else [cluster.pk, observation.pk]
        return reverse(route, args=[*args, *extra_args])

    return make


def catalogue_url(world):
    return reverse("api:indicator-detail", args=[indicator("revenue").code])


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def _observation_media(settings, tmp_path):
    """Evidence files go to the test's own directory (use it with `pytest.mark.usefixtures`)."""
    settings.MEDIA_ROOT = tmp_path / "uploads"


def english_clients(client_for):
    """API clients that ask for English, so that messages can be asserted whatever the translations say."""

    def make(user=None):
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make
