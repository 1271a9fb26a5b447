"""Reads and visibility rules of cultivation plans (DESIGN §2).

- The ministry reads every plan that has been submitted at least once (drafts are the filer's own business).
- A local government reads the plans it owns (drafts included) and the submitted plans of clusters with a
  region in its jurisdiction.
- A cluster promotion body reads the submitted plans of its own clusters.
- Experts and anonymous visitors read none.
"""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from clusters.models import Cluster, ClusterRegion, Observation
from clusters.profiles.selectors import in_jurisdiction
from policies.models import CultivationPlan, KeyTask, PlanTarget, PlanTransition, PlanVersion
from policies.plans.progress import Status, status_counts, target_progress
from tenancy.models import Organisation, Region
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer


def _owned_by(organisation_id) -> Q:
    owners = CultivationPlan.owners.through.objects.filter(
        cultivationplan_id=OuterRef("pk"), organisation_id=organisation_id
    )
    return Q(Exists(owners))


def plan_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    submitted = Q(version__gte=1)
    if viewer.is_national:
        return submitted
    if viewer.is_local:
        return _owned_by(viewer.organisation_id) | (
            submitted & in_jurisdiction(viewer.jurisdiction_prefix, cluster_ref="cluster_id")
        )
    if viewer.is_cluster_body:
        return submitted & Q(cluster__promotion_body_id=viewer.organisation_id)
    return NOTHING


def plan_child_visibility(viewer: Viewer) -> Q:
    """Tasks, targets, versions and transitions are visible with their plan (the subquery is scoped too)."""
    if viewer.is_system:
        return Q()
    if viewer.organisation_id is None:
        return NOTHING
    return Q(plan__in=CultivationPlan.objects.values("pk"))


# Plans -------------------------------------------------------------------------------------------------------------


def visible_plans():
    """Plans the current viewer may read, with their cluster and owners, most recently changed first."""
    return (
        CultivationPlan.objects.select_related("cluster")
        .prefetch_related(Prefetch("owners", queryset=Organisation.objects.order_by("name")))
        .order_by("-updated", "-pk")
    )


def plan_for_detail():
    return CultivationPlan.objects.select_related(
        "cluster__field", "cluster__promotion_body", "created_by"
    ).prefetch_related(Prefetch("owners", queryset=Organisation.objects.select_related("region").order_by("name")))


def filter_plans(plans, *, status="", cluster=None, province=None, owner=None, query=""):
    """Filters of the plan list (page and API): status, cluster, province (a region code: the cluster has a
    region there), owning organisation, and a search on the title and the cluster's names."""
    if status:
        plans = plans.filter(status=status)
    if cluster is not None:
        plans = plans.filter(cluster_id=getattr(cluster, "pk", cluster))
    if province is not None:
        region = province if isinstance(province, Region) else Region.objects.filter(code=province).first()
        plans = (
            plans.filter(in_jurisdiction(region.jurisdiction_prefix, cluster_ref="cluster_id"))
            if region
            else plans.none()
        )
    if owner is not None:
        plans = plans.filter(_owned_by(getattr(owner, "pk", owner)))
    query = (query or "").strip()
    if query:
        plans = plans.filter(
            Q(title__icontains=query) | Q(cluster__name__icontains=query) | Q(cluster__name_en__icontains=query)
        )
    return plans


def plan_tasks(plan):
    return KeyTask.objects.filter(plan=plan).order_by("position", "pk")


def plan_targets(plan):
    return PlanTarget.objects.filter(plan=plan).select_related("indicator").order_by("indicator__position", "pk")


def plan_versions(plan):
    return PlanVersion.objects.filter(plan=plan).select_related("submitted_by").order_by("-number")


def plan_version(plan, number):
    return PlanVersion.objects.select_related("submitted_by").filter(plan=plan, number=number).first()


def plan_transitions(plan):
    return PlanTransition.objects.filter(plan=plan).select_related("by", "by_organisation").order_by("at", "pk")


def plan_clusters_for(viewer: Viewer):
    """Clusters a local government may file a plan for: those with a region in its jurisdiction."""
    if not viewer.is_local or not viewer.jurisdiction_prefix:
        return Cluster.objects.none()
    return Cluster.objects.filter(in_jurisdiction(viewer.jurisdiction_prefix)).order_by("name")


def co_owner_candidates(*, cluster=None):
    """Local governments that may own a plan: with `cluster`, those whose jurisdiction holds one of its regions."""
    governments = Organisation.objects.filter(kind=Organisation.Kind.LOCAL, is_active=True).select_related("region")
    if cluster is None:
        return governments.order_by("name")
    codes = list(ClusterRegion.objects.filter(cluster=cluster).values_list("region_id", flat=True))
    return [government for government in governments.order_by("name") if governs_any(government, codes)]


def governs_any(organisation, region_codes) -> bool:
    region = organisation.region
    if organisation.kind != Organisation.Kind.LOCAL or region is None:
        return False
    prefix = region.jurisdiction_prefix
    return any(code.startswith(prefix) for code in region_codes)


# Plan versus actual ------------------------------------------------------------------------------------------------


def progress_for_plans(plans) -> dict[int, list]:
    """Each plan's targets with their progress: two queries whatever the number of plans and targets
    (the targets, then the observations of every target's cluster and indicator)."""
    plans = list(plans)
    by_pk = {plan.pk: plan for plan in plans}
    if not plans:
        return {}
    targets = list(
        PlanTarget.objects.filter(plan_id__in=list(by_pk))
        .select_related("indicator")
        .order_by("plan_id", "indicator__position", "pk")
    )
    cluster_of = {plan.pk: plan.cluster_id for plan in plans}
    clusters = {cluster_of[t.plan_id] for t in targets}
    indicators = {t.indicator_id for t in targets}
    values: dict[tuple[int, int], dict[int, object]] = defaultdict(dict)
    if targets:
        rows = Observation.objects.filter(
            cluster_id__in=clusters, indicator_id__in=indicators, status__in=Observation.FILED
        ).values_list("cluster_id", "indicator_id", "year", "value")
        for cluster_id, indicator_id, year, value in rows:
            values[(cluster_id, indicator_id)][year] = value
    result: dict[int, list] = {pk: [] for pk in by_pk}
    for target in targets:
        target.plan = by_pk[target.plan_id]
        observed = values.get((cluster_of[target.plan_id], target.indicator_id), {})
        result[target.plan_id].append(
            target_progress(target, observed, higher_is_better=target.indicator.higher_is_better)
        )
    return result


def plan_progress(plan) -> list:
    return progress_for_plans([plan])[plan.pk]


def status_totals(plans) -> dict[str, int]:
    counts = dict.fromkeys(CultivationPlan.Status.values, 0)
    for plan in plans:
        counts[plan.status] += 1
    return counts


def local_summary(*, organisation):
    """A local government's plans (those the viewer may see) with their targets' progress, and counts by status."""
    plans = list(filter_plans(visible_plans(), owner=organisation).order_by("cluster__name", "-pk"))
    progress = progress_for_plans(plans)
    rows = [{"plan": plan, "progress": progress[plan.pk], "counts": status_counts(progress[plan.pk])} for plan in plans]
    return {
        "rows": rows,
        "status_counts": status_totals(plans),
        "progress_counts": status_counts([p for row in rows for p in row["progress"]]),
    }


def national_summary():
    """Plans by province and status, with their targets' progress (a cross-province cluster's plan counts in
    each province it spans; the totals count it once)."""
    plans = list(visible_plans())
    progress = progress_for_plans(plans)
    cluster_ids = {plan.cluster_id for plan in plans}
    provinces_of: dict[int, set[str]] = defaultdict(set)
    for cluster_id, code in ClusterRegion.objects.filter(cluster_id__in=cluster_ids).values_list(
        "cluster_id", "region_id"
    ):
        provinces_of[cluster_id].add(code[:2] + "0000")
    provinces = {
        region.code: region for region in Region.objects.filter(code__in={c for s in provinces_of.values() for c in s})
    }
    rows: dict[str, dict] = {}
    for plan in plans:
        for code in sorted(provinces_of[plan.cluster_id]):
            row = rows.setdefault(
                code,
                {
                    "province": provinces.get(code),
                    "code": code,
                    "status_counts": dict.fromkeys(CultivationPlan.Status.values, 0),
                    "progress_counts": dict.fromkeys(Status.ORDER, 0),
                    "plans": 0,
                },
            )
            row["plans"] += 1
            row["status_counts"][plan.status] += 1
            for key, count in status_counts(progress[plan.pk]).items():
                row["progress_counts"][key] += count
    all_progress = [p for plan in plans for p in progress[plan.pk]]
    return {
        "rows": [rows[code] for code in sorted(rows)],
        "status_counts": status_totals(plans),
        "progress_counts": status_counts(all_progress),
        "plans": len(plans),
    }


def plan_counts_by_status(plans) -> dict[str, int]:
    return dict(plans.order_by().values_list("status").annotate(n=Count("id")))


# Work queues (policies/work.py) ------------------------------------------------------------------------------------


def plans_to_decide():
    """Submitted plans the viewer may read, waiting for the ministry to approve or return them; longest waiting
    first."""
    return (
        CultivationPlan.objects.filter(status=CultivationPlan.Status.SUBMITTED)
        .select_related("cluster")
        .order_by("updated", "pk")
    )


def plans_returned_to(*, organisation_id):
    """Plans returned by the ministry to be changed and submitted again, of which `organisation_id` is an owner;
    most recently returned first."""
    return (
        CultivationPlan.objects.filter(status=CultivationPlan.Status.RETURNED)
        .filter(_owned_by(organisation_id))
        .select_related("cluster")
        .order_by("-updated", "-pk")
    )
