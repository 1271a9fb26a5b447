"""Bulk imports in the cross-tenant matrix.

Imports are the promotion body's working files: its members (any role) and the ministry see them; editors and
admins of the body import; everyone else, even a government that sees the cluster, gets 404.
"""

from django.urls import reverse

from clusters.models import ImportJob

from ..cast import CLUSTERS, PROMOTES, WRITABLE_CLUSTERS
from .base import ANON, rows, table

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


# A row's targets: a cluster's name, `job:<cluster>` (an import job the case makes there; `job:<cluster>@<other>`
# addresses it under another cluster) or `template:<file>`.


def cluster_in(target):
    return target.removeprefix("job:").split("@")[0]


def job(route, target):
    cluster, _, url_cluster = target.removeprefix("job:").partition("@")
    return api_job_url(cluster) if route.startswith("api:") else job_url(route, cluster, url_cluster or None)


def template(route, target):
    return lambda world: reverse(route, args=target.removeprefix("template:").split("."))


def read(role, target):
    return read_status(role, cluster_in(target))


def write(allowed):
    return lambda role, target: write_status(role, cluster_in(target), allowed)


def everyone(status):
    return lambda role, _target: status


JOBS = [f"job:{cluster}" for cluster in CLUSTERS]
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def cases():
    return table(
        rows("api:import-job-list", "get", everyone(200)),
        # JSON is refused (415) once the role may import at all; the file upload itself is tested in test_imports.
        rows("api:import-job-list", "post", lambda role, _: 415 if role in IMPORTERS else 403),
        rows(
            "import-template",
            "get",
            everyone(200),
            targets=["template:members.csv", "template:collaborations.xlsx"],
            url=template,
        ),
        rows("api:import-job-detail", "get", read, targets=JOBS, url=job),
        rows("cluster-imports", "get", read, targets=CLUSTERS),
        rows("cluster-imports", "post", write(200), targets=CLUSTERS),
        *(
            rows(route, "get", read, targets=JOBS, url=job)
            for route in ("cluster-import-detail", "cluster-import-status")
        ),
        rows("cluster-import-commit", "post", write(302), targets=JOBS, url=job),
        # Another cluster's job under a visible cluster's address is not found either.
        rows("cluster-import-detail", "get", everyone(404), targets=["job:shenzhen_cluster@nanjing_cluster"], url=job),
        rows("api:import-job-list", "get", ANON_API),
        rows("api:import-job-list", "post", ANON_API),
        rows("api:import-job-detail", "get", ANON_API, targets=["job:nanjing_cluster"], url=job),
        rows("cluster-imports", "get", ANON_PAGE, targets=["nanjing_cluster"]),
        rows("import-template", "get", ANON_PAGE, targets=["template:members.csv"], url=template),
        *(
            rows(route, "get", ANON_PAGE, targets=["job:nanjing_cluster"], url=job)
            for route in ("cluster-import-detail", "cluster-import-status")
        ),
        rows("cluster-import-commit", "post", ANON_PAGE, targets=["job:nanjing_cluster"], url=job),
    )
