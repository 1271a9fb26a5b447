"""Evidence files and API clients for the observation tests (tests/test_observations.py and
tests/test_observation_pages.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


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
