"""Builders for the observations matrix cases (tests/matrix/observations.py): each makes the objects a case needs."""

from django.core.files.base import ContentFile
from django.urls import reverse

from ..factories import ObservationFactory, indicator

PDF = b"%PDF-1.4\n% evidence\n%%EOF\n"


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
