"""Builders for the organisations matrix cases (tests/matrix/organisations.py): each makes the objects a case needs."""

from django.urls import reverse

from tenancy.models import Organisation


def xuanwu_government(route):
    """A county government below Jiangsu, which the province manages."""

    def make(world):
        county = Organisation.objects.create(
            kind="local", name="玄武区人民政府", slug="matrix-xuanwu", region_id="320102", parent=world.orgs["jiangsu"]
        )
        return reverse(route, args=[county.pk])

    return make
