"""The public register as an export: a signed-in user exports what the register shows for the same search and
sort (national and world-class public clusters only); anonymous visitors read the page without export buttons."""

import pytest
from django.urls import reverse

from .builders.exports import exported
from .factories import ClusterFactory

pytestmark = pytest.mark.django_db


def test_the_register_export_holds_the_public_national_clusters_of_the_search(world, page_client_for):
    ClusterFactory(name="登记导出A集群", name_en="Register A", tier="national", national_since=2021)
    ClusterFactory(name="登记导出B集群", name_en="Register B", tier="world_class", national_since=2019)
    ClusterFactory(name="登记导出C集群", tier="national", is_public=False)  # never listed
    ClusterFactory(name="登记导出D集群", tier="cultivating")  # not national-level
    client = page_client_for(world.nanjing_body)
    rows = exported(client, "clusters.register", query="q=登记导出&sort=-national_since", language="en")
    assert rows[0] == ["Cluster", "English name", "Industry field", "Regions", "National since", "Designated by"]
    assert [(row[0], row[1], row[4]) for row in rows[1:]] == [
        ("登记导出A集群", "Register A", "2021"),
        ("登记导出B集群", "Register B", "2019"),
    ]
    signed_in = client.get(reverse("register-list")).content.decode()
    assert 'data-export="clusters.register"' in signed_in
    anonymous = page_client_for().get(reverse("register-list")).content.decode()
    assert 'id="register"' in anonymous and "export-buttons" not in anonymous
