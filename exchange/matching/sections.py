"""The matchmaking section of a cluster's page (clusters.profiles.sections: the clusters app does not import this
one)."""

from clusters.profiles.sections import ClusterSection, register_cluster_section


def register():
    from .views import cluster_section

    register_cluster_section(
        ClusterSection(
            app="exchange",
            key="matching",
            template="exchange/matching/section.html",
            context=cluster_section,
            order=100,
        )
    )
