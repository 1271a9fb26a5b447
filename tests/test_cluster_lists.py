"""The cluster lists ask the database the same number of questions for 1 cluster and for 10,000."""

import pytest
from django.urls import reverse

from clusters.models import Cluster, ClusterRegion

from .conftest import count_queries


def bulk_clusters(body, n, start=0):
    clusters = Cluster.objects.bulk_create(
        [
            Cluster(name=f"批量集群{i}", field_id="ngit", promotion_body=body, tier="national")
            for i in range(start, start + n)
        ],
        batch_size=2000,
    )
    ClusterRegion.objects.bulk_create(
        [
            ClusterRegion(cluster=c, region_id=code, position=p)
            for c in clusters
            for p, code in enumerate(["320100", "440300"])
        ],
        batch_size=5000,
    )


@pytest.mark.parametrize(
    ("route", "api"), [("api:cluster-list", True), ("cluster-list", False), ("api:register-list", True)]
)
def test_cluster_list_queries_are_the_same_for_1_and_10000_rows(world, client_for, page_client_for, route, api):
    Cluster.objects.all().delete()
    client = client_for(world.ministry) if api else page_client_for(world.ministry)
    bulk_clusters(world.orgs["nanjing_body"], 1)
    client.get(reverse(route))
    one = count_queries(lambda: client.get(reverse(route)))
    bulk_clusters(world.orgs["shenzhen_body"], 9_999, start=1)
    response = client.get(reverse(route))
    many = count_queries(lambda: client.get(reverse(route)))
    assert one == many
    if api:
        assert response.json()["count"] == 10_000
