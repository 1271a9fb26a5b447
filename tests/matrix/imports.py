"""Bulk imports in the cross-tenant matrix.

Imports are the promotion body's working files: its members (any role) and the ministry see them; editors and
admins of the body import; everyone else, even a government that sees the cluster, gets 404.
"""

from django.urls import reverse

from clusters.models import ImportJob

from ..cast import CLUSTERS, PROMOTES, ROLES, WRITABLE_CLUSTERS
from .base import ANON, Case

IMPORTERS = set(WRITABLE_CLUSTERS)  # editors/admins of a promotion body


def sees_imports(role, cluster):
    return role == "ministry" or cluster in PROMOTES.get(role, set())


def read_status(role, cluster):
    return 200 if sees_imports(role, cluster) else 404


def write_status(role, cluster, allowed):
    if not sees_imports(role, cluster):
        return 404
    return allowed if role in IMPORTERS else 403


def make_job(world, cluster, **fields):
    values = {
        "kind": ImportJob.Kind.MEMBERS,
        "file": f"imports/cluster-{world.clusters[cluster].pk}/matrix.csv",
        "original_name": "matrix.csv",
        "dry_run": True,
        "status": ImportJob.Status.SUCCEEDED,
        "rows": 1,
        "created_rows": 1,
    }
    values.update(fields)
    return ImportJob._base_manager.create(cluster=world.clusters[cluster], **values)


def job_url(route, cluster, url_cluster=None):
    def url(world):
        job = make_job(world, cluster)
        return reverse(route, args=[world.clusters[url_cluster or cluster].pk, job.pk])

    return url


def api_job_url(cluster):
    return lambda world: reverse("api:import-job-detail", args=[make_job(world, cluster).pk])


def cases():
    found = []
    for role in ROLES:
        found.append(Case("api:import-job-list", role, "get", 200))
        # JSON is refused (415) once the role may import at all; the file upload itself is tested in test_imports.
        found.append(Case("api:import-job-list", role, "post", 415 if role in IMPORTERS else 403, data={}))
        for template in ("members.csv", "collaborations.xlsx"):
            found.append(
                Case(
                    "import-template",
                    role,
                    "get",
                    200,
                    target=f"template:{template}",
                    api=False,
                    url=lambda world, t=template: reverse("import-template", args=t.split(".")),
                )
            )
        for cluster in CLUSTERS:
            read = read_status(role, cluster)
            found.append(
                Case("api:import-job-detail", role, "get", read, target=f"job:{cluster}", url=api_job_url(cluster))
            )
            found.append(Case("cluster-imports", role, "get", read, target=cluster, api=False))
            found.append(
                Case("cluster-imports", role, "post", write_status(role, cluster, 200), target=cluster, api=False)
            )
            for route in ("cluster-import-detail", "cluster-import-status"):
                found.append(
                    Case(route, role, "get", read, target=f"job:{cluster}", api=False, url=job_url(route, cluster))
                )
            found.append(
                Case(
                    "cluster-import-commit",
                    role,
                    "post",
                    write_status(role, cluster, 302),
                    target=f"job:{cluster}",
                    api=False,
                    url=job_url("cluster-import-commit", cluster),
                )
            )
        # Another cluster's job under a visible cluster's address is not found either.
        found.append(
            Case(
                "cluster-import-detail",
                role,
                "get",
                404,
                target="job:shenzhen_cluster@nanjing_cluster",
                api=False,
                url=job_url("cluster-import-detail", "shenzhen_cluster", "nanjing_cluster"),
            )
        )
    found.append(Case("api:import-job-list", ANON, "get", 401))
    found.append(Case("api:import-job-list", ANON, "post", 401, data={}))
    found.append(
        Case(
            "api:import-job-detail", ANON, "get", 401, target="job:nanjing_cluster", url=api_job_url("nanjing_cluster")
        )
    )
    found.append(Case("cluster-imports", ANON, "get", 302, target="nanjing_cluster", api=False))
    found.append(
        Case(
            "import-template",
            ANON,
            "get",
            302,
            target="template:members.csv",
            api=False,
            url=lambda world: reverse("import-template", args=["members", "csv"]),
        )
    )
    for route in ("cluster-import-detail", "cluster-import-status"):
        found.append(
            Case(
                route, ANON, "get", 302, target="job:nanjing_cluster", api=False, url=job_url(route, "nanjing_cluster")
            )
        )
    found.append(
        Case(
            "cluster-import-commit",
            ANON,
            "post",
            302,
            target="job:nanjing_cluster",
            api=False,
            url=job_url("cluster-import-commit", "nanjing_cluster"),
        )
    )
    return found
