"""Matrix cases of the observation platform: indicators, observations (API and pages, evidence
downloads, exports), the comparison page and the six-mechanism diagnostic."""

from django.urls import reverse

from ..builders.exports import export_request
from ..builders.observations import catalogue_url, observation_url
from ..cast import CLUSTERS
from ..cast import VISIBLE_CLUSTERS as VISIBLE
from ..cast import WRITABLE_CLUSTERS as WRITES
from .base import ANON, rows, table


def read_status(role, cluster):
    return 200 if cluster in VISIBLE[role] else 404


def write_status(role, cluster, success):
    if cluster not in VISIBLE[role]:
        return 404
    return success if cluster in WRITES.get(role, set()) else 403


# Who verifies a cluster's observations: the ministry all, a government those in its jurisdiction.
VERIFIES = {"ministry": set(CLUSTERS), "jiangsu": VISIBLE["jiangsu"], "guangdong": VISIBLE["guangdong"]}


def verify_status(role, cluster, success):
    if cluster not in VISIBLE[role]:
        return 404
    return success if cluster in VERIFIES.get(role, set()) else 403


def cluster_url(route, cluster_name, *extra_args):
    return lambda world: reverse(route, args=[world.clusters[cluster_name].pk, *extra_args])


def compare_url(route, cluster_names, *args):
    def make(world):
        ids = ",".join(str(world.clusters[name].pk) for name in cluster_names)
        return f"{reverse(route, args=list(args))}?clusters={ids}&indicator=revenue"

    return make


# A row's targets: a cluster's name, or `kind:cluster` for the object the case makes in it (`obs`: an observation;
# `evidence`: one with an evidence file; `xlsx`, `compare`, `compare-xlsx`: the cluster's exports and comparison).


def cluster_in(target):
    return target.split(":")[-1]


def observation(*, evidence=False, status="draft"):
    """An observation in the target's cluster (a draft unless told), addressed as the route's kind (API or page)."""
    return lambda route, target: observation_url(
        route, cluster_in(target), api=route.startswith("api:"), evidence=evidence, status=status
    )


def compare_at(route, target):
    return compare_url(route, [cluster_in(target)])


def exported(expect):
    """An export is recorded (302 to its page) where the page would answer 200; refused as the page is otherwise."""
    return lambda role, target: 302 if expect(role, target) == 200 else expect(role, target)


def catalogue(route, _target):
    return catalogue_url


def read(role, target):
    return read_status(role, cluster_in(target))


def write(success):
    return lambda role, target: write_status(role, cluster_in(target), success)


def verify(success):
    return lambda role, target: verify_status(role, cluster_in(target), success)


def everyone(status):
    return lambda role, _target: status


OBS = [f"obs:{name}" for name in CLUSTERS]
NANJING_OBS = ["obs:nanjing_cluster"]
ANON_API = {ANON: 401}
ANON_PAGE = {ANON: 302}


def cases():
    return table(
        rows("api:indicator-list", "get", everyone(200)),
        rows("api:indicator-detail", "get", everyone(200), targets=["indicator:revenue"], url=catalogue),
        rows("api:observation-list", "get", everyone(200)),
        # 400: an empty body, nothing created
        rows("api:observation-list", "post", lambda role, _: 400 if role in WRITES else 403),
        rows("cluster-compare", "get", everyone(200)),
        rows("observation-queue", "get", lambda role, _: 200 if role in VERIFIES else 403),
        rows("api:diagnostic-detail", "get", read, targets=CLUSTERS),
        rows("cluster-indicators", "get", read, targets=CLUSTERS),
        rows("cluster-diagnostic", "get", read, targets=CLUSTERS),
        rows(  # a cluster's indicator values and the comparison as export jobs (tenancy/exports)
            "export-new",
            "post",
            exported(read),
            targets=[f"xlsx:{name}" for name in CLUSTERS],
            fills=export_request("clusters.observations", target=lambda world, t: world.clusters[cluster_in(t)].pk),
        ),
        rows("cluster-compare", "get", read, targets=[f"compare:{name}" for name in CLUSTERS], url=compare_at),
        rows(
            "export-new",
            "post",
            exported(read),
            targets=[f"compare-xlsx:{name}" for name in CLUSTERS],
            fills=export_request(
                "clusters.comparison",
                "csv",
                query=lambda world, t: f"clusters={world.clusters[cluster_in(t)].pk}&indicator=revenue",
            ),
        ),
        rows("observation-add", "get", write(200), targets=CLUSTERS),
        rows("observation-add", "post", write(400), targets=CLUSTERS),  # 400: an empty form, nothing created
        *(
            rows(route, "get", read, targets=OBS, url=observation())
            for route in ("api:observation-detail", "api:observation-history")
        ),
        rows(
            "api:observation-evidence",
            "get",
            read,
            targets=[f"evidence:{name}" for name in CLUSTERS],
            url=observation(evidence=True),
        ),
        rows("api:observation-detail", "patch", write(200), targets=OBS, url=observation(), data={"value": "7.5"}),
        rows("api:observation-detail", "delete", write(204), targets=OBS, url=observation()),
        *(
            rows(route, "get", read, targets=OBS, url=observation(evidence=True))
            for route in ("observation-history", "observation-evidence")
        ),
        *(
            rows(route, "get", write(200), targets=OBS, url=observation())
            for route in ("observation-edit", "observation-delete")
        ),
        rows("observation-detail", "get", read, targets=OBS, url=observation()),
        *(
            table(
                rows(f"{prefix}observation-submit", "post", write(done), targets=OBS, url=observation()),
                rows(
                    f"{prefix}observation-verify",
                    "post",
                    verify(done),
                    targets=OBS,
                    url=observation(status="submitted"),
                ),
                rows(
                    f"{prefix}observation-return",
                    "post",
                    verify(done),
                    targets=OBS,
                    url=observation(status="submitted"),
                    data={"comment": "check the yearbook"},
                ),
            )
            for prefix, done in (("api:", 200), ("", 302))
        ),
        rows(
            "observation-edit",
            "post",
            write(302),
            targets=OBS,
            url=observation(),
            data={"indicator": "revenue", "year": "2024", "value": "1"},
        ),
        rows("observation-delete", "post", write(302), targets=OBS, url=observation()),
        # Anonymous: the API asks for credentials, the pages for a sign-in.
        rows("api:indicator-list", "get", ANON_API),
        rows("api:indicator-detail", "get", ANON_API, targets=["indicator:revenue"], url=catalogue),
        rows("api:observation-list", "get", ANON_API),
        rows("api:observation-list", "post", ANON_API),
        rows("api:diagnostic-detail", "get", ANON_API, targets=["nanjing_cluster"]),
        *(
            rows(route, "get", ANON_API, targets=NANJING_OBS, url=observation(evidence=True))
            for route in ("api:observation-detail", "api:observation-history", "api:observation-evidence")
        ),
        *(
            rows(route, "get", ANON_PAGE, targets=["nanjing_cluster"])
            for route in ("cluster-indicators", "cluster-diagnostic", "observation-add")
        ),
        rows("observation-queue", "get", ANON_PAGE),
        *(
            rows(f"{prefix}{route}", "post", anon, targets=NANJING_OBS, url=observation(status="submitted"))
            for route in ("observation-submit", "observation-verify", "observation-return")
            for prefix, anon in (("api:", ANON_API), ("", ANON_PAGE))
        ),
        rows("observation-detail", "get", ANON_PAGE, targets=NANJING_OBS, url=observation()),
        rows("cluster-compare", "get", ANON_PAGE),
        *(
            rows(route, "get", ANON_PAGE, targets=NANJING_OBS, url=observation(evidence=True))
            for route in ("observation-edit", "observation-delete", "observation-history", "observation-evidence")
        ),
    )
