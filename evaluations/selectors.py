"""Reads and visibility rules of the competitions (DESIGN §2).

- Competitions, their tracks, rounds and rubrics: the ministry reads all (drafts included); local governments and
  cluster promotion bodies read published competitions; experts and anonymous visitors none (for now: experts
  will read those they review once assignments exist).
- Entries (submissions): the promotion body reads and writes its own clusters' entries and never sees a
  competitor's; the ministry reads every entry once it has been submitted (drafts are the body's own); a local
  government reads the submitted entries of clusters with a region in its jurisdiction; experts and anonymous
  visitors none (for now).
"""

from django.db.models import Count, Prefetch, Q

from clusters.models import ClusterRegion
from clusters.selectors import in_jurisdiction
from tenancy.models import Organisation
from tenancy.scoping import unscoped
from tenancy.selectors import NOTHING
from tenancy.visibility import Viewer

from .models import (
    ClaimedValue,
    Competition,
    Criterion,
    Endorsement,
    MonitoringEvaluation,
    MonitoringResult,
    PublicNotice,
    Review,
    Round,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    Track,
)

# Visibility ------------------------------------------------------------------------------------------------------


def competition_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_local or viewer.is_cluster_body:
        return Q(status=Competition.Status.PUBLISHED)
    if viewer.is_expert:
        return expert_competitions(viewer)
    return NOTHING


def competition_child_visibility(viewer: Viewer) -> Q:
    """Tracks and rounds are visible with their competition (the subquery is scoped too)."""
    if viewer.reads_everything:
        return Q()
    return Q(competition__in=Competition.objects.values("pk"))


def criterion_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    return Q(round__competition__in=Competition.objects.values("pk"))


def submission_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    if viewer.is_national:
        return Q(submitted_at__isnull=False)
    if viewer.is_local and viewer.jurisdiction_prefix:
        return Q(submitted_at__isnull=False) & in_jurisdiction(viewer.jurisdiction_prefix, "cluster")
    if viewer.is_cluster_body:
        return Q(cluster__promotion_body_id=viewer.organisation_id)
    if viewer.is_expert:
        return expert_entries(viewer)
    return NOTHING


def submission_child_visibility(viewer: Viewer) -> Q:
    """Versions, endorsements and the trail are visible with their entry (not to experts: they would name the
    promotion body and its staff, which a blind review hides)."""
    if viewer.is_system:
        return Q()
    if viewer.is_expert:
        return NOTHING
    return Q(submission__in=Submission.objects.values("pk"))


# Review, runs and notices (first cut: the ministry reads all, experts their own assignments) --------------------


def conflict_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(expert__user_id=viewer.user_id)
    return NOTHING


def assignment_visibility(viewer: Viewer) -> Q:
    """The ministry reads every assignment; an expert their own (recused ones included)."""
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(expert__user_id=viewer.user_id)
    return NOTHING


def review_visibility(viewer: Viewer) -> Q:
    """The ministry reads every review; an expert only their own, even after the review window closes (another
    expert's review stays the ministry's)."""
    if viewer.reads_everything:
        return Q()
    if viewer.is_expert:
        return Q(assignment__expert__user_id=viewer.user_id)
    return NOTHING


def review_child_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    return Q(review__in=Review.objects.values("pk"))


def evaluation_run_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


def result_visibility(viewer: Viewer) -> Q:
    """The ministry reads all; once the run's notice is final (the final result published), a promotion body reads
    its own clusters' entries' results and a local government those of clusters in its jurisdiction (notice part)."""
    if viewer.reads_everything:
        return Q()
    published = Q(run__notice__status=PublicNotice.Status.FINAL)
    if viewer.is_cluster_body:
        return published & Q(submission__cluster__promotion_body_id=viewer.organisation_id)
    if viewer.is_local and viewer.jurisdiction_prefix:
        return published & in_jurisdiction(viewer.jurisdiction_prefix, "submission__cluster")
    return NOTHING


def notice_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    return Q(status__in=[PublicNotice.Status.OPEN, PublicNotice.Status.CLOSED, PublicNotice.Status.FINAL])


def objection_visibility(viewer: Viewer) -> Q:
    return Q() if viewer.reads_everything else NOTHING


# Monitoring (issue 6): the ministry reads all; local governments read the results of clusters in their
# jurisdiction and cluster bodies those of their own clusters, from succeeded evaluations; methods are public to
# every organisation (how clusters are judged is no secret).


def monitoring_method_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything or viewer.is_local or viewer.is_cluster_body:
        return Q()
    return NOTHING


def monitoring_evaluation_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    if viewer.is_local or viewer.is_cluster_body:
        return Q(status=MonitoringEvaluation.Status.SUCCEEDED)
    return NOTHING


def monitoring_result_visibility(viewer: Viewer) -> Q:
    if viewer.reads_everything:
        return Q()
    succeeded = Q(evaluation__status=MonitoringEvaluation.Status.SUCCEEDED)
    if viewer.is_local and viewer.jurisdiction_prefix:
        return succeeded & in_jurisdiction(viewer.jurisdiction_prefix, "cluster")
    if viewer.is_cluster_body:
        return succeeded & Q(cluster__promotion_body_id=viewer.organisation_id)
    return NOTHING


def monitoring_child_visibility(viewer: Viewer) -> Q:
    if viewer.is_system:
        return Q()
    return Q(result__in=MonitoringResult.objects.values("pk"))


def rectification_visibility(viewer: Viewer) -> Q:
    """Rectification notes: the ministry reads all; a local government the notes on clusters with a region in its
    jurisdiction; a promotion body those on its own clusters (whoever wrote them)."""
    if viewer.reads_everything:
        return Q()
    if viewer.is_local and viewer.jurisdiction_prefix:
        return in_jurisdiction(viewer.jurisdiction_prefix, "cluster")
    if viewer.is_cluster_body:
        return Q(cluster__promotion_body_id=viewer.organisation_id)
    return NOTHING


# Competitions ----------------------------------------------------------------------------------------------------


def visible_competitions():
    return Competition.objects.annotate(
        round_count=Count("rounds", distinct=True), track_count=Count("tracks", distinct=True)
    ).order_by("-year", "name")


def competition_for_detail():
    return Competition.objects.prefetch_related(
        Prefetch("tracks", queryset=Track.objects.select_related("field").order_by("position", "field")),
        Prefetch(
            "rounds",
            queryset=Round.objects.order_by("position", "pk").prefetch_related(
                Prefetch("criteria", queryset=Criterion.objects.select_related("indicator").order_by("position", "pk"))
            ),
        ),
    )


def visible_rounds():
    return Round.objects.select_related("competition").order_by("competition__year", "competition_id", "position")


def round_for_detail():
    return Round.objects.select_related("competition").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.select_related("indicator").order_by("position", "pk"))
    )


def visible_criteria():
    return Criterion.objects.select_related("round", "indicator").order_by("round_id", "position", "pk")


def indicator_criteria(*, round):
    return Criterion.objects.filter(round=round, kind=Criterion.Kind.INDICATOR).select_related("indicator")


def open_rounds_for_entry():
    """Rounds of visible (published) competitions, newest first: the choices when starting an entry."""
    return (
        Round.objects.filter(competition__status=Competition.Status.PUBLISHED)
        .select_related("competition")
        .order_by("-competition__year", "competition_id", "position")
    )


# Entries ---------------------------------------------------------------------------------------------------------


def visible_submissions():
    """Entries the viewer may read, with what a list row shows."""
    return Submission.objects.select_related(
        "round__competition", "track__field", "cluster__promotion_body", "cluster__field"
    ).order_by("-round__competition__year", "round__position", "cluster__name", "pk")


def submission_for_detail():
    return visible_submissions().prefetch_related(
        Prefetch(
            "claimed_values",
            queryset=ClaimedValue.objects.select_related("criterion__indicator").order_by("criterion__position"),
        ),
        Prefetch("cluster__regions"),
    )


def submissions_to_endorse(*, viewer: Viewer):
    """Entries on which the viewer's government has a pending decision."""
    pending = Endorsement.objects.filter(organisation_id=viewer.organisation_id, decision=Endorsement.Decision.PENDING)
    return visible_submissions().filter(pk__in=pending.values("submission_id"))


def submission_versions(*, submission):
    return SubmissionVersion.objects.filter(submission=submission).select_related("created_by").order_by("-number")


def submission_endorsements(*, submission):
    return (
        Endorsement.objects.filter(submission=submission)
        .select_related("organisation", "decided_by", "version")
        .order_by("-version__number", "organisation__name")
    )


def submission_trail(*, submission):
    return (
        SubmissionEvent.objects.filter(submission=submission)
        .select_related("actor", "organisation")
        .order_by("created", "pk")
    )


def pending_endorsement(*, submission, organisation_id):
    """The viewer's government's open decision on the entry's current version, or None."""
    if organisation_id is None:
        return None
    return (
        Endorsement.objects.filter(
            submission=submission, organisation_id=organisation_id, decision=Endorsement.Decision.PENDING
        )
        .select_related("version")
        .first()
    )


def supervising_governments(*, cluster, level: str) -> list[Organisation]:
    """The local governments that must endorse an entry of `cluster`: every active local government whose region
    is at `level` (province or prefecture) and whose jurisdiction holds at least one of the cluster's regions.
    A cross-region cluster thus needs several; a single-region cluster still needs its own government's.
    A rule about the cluster, the same whoever asks: it reads all of the cluster's regions."""
    codes = list(unscoped(ClusterRegion).filter(cluster=cluster).values_list("region_id", flat=True))
    prefix_length = 2 if level == Competition.EndorsementLevel.PROVINCE else 4
    prefixes = sorted({code[:prefix_length] for code in codes})
    if not prefixes:
        return []
    holds = Q()
    for prefix in prefixes:
        holds |= Q(region__code__startswith=prefix)
    return list(
        Organisation.objects.filter(holds, kind=Organisation.Kind.LOCAL, is_active=True, region__level=level)
        .select_related("region")
        .order_by("region__code", "pk")
    )


# Expert review (experts, conflicts, assignments, reviews) ----------------------------------------------------------


def _active_assignments(viewer: Viewer):
    from .models import Assignment

    return unscoped(Assignment).filter(expert__user_id=viewer.user_id, status=Assignment.Status.ASSIGNED)


def expert_entries(viewer: Viewer) -> Q:
    """An expert reads the entries assigned to them (not those they recused from)."""
    return Q(pk__in=_active_assignments(viewer).values("submission_id"))


def expert_competitions(viewer: Viewer) -> Q:
    """…and the competitions of those entries (with their tracks, rounds and rubrics)."""
    return Q(pk__in=_active_assignments(viewer).values("submission__round__competition_id"))


def expert_cluster_grant(viewer: Viewer) -> Q:
    """Appended to clusters.selectors.EXPERT_CLUSTER_GRANTS: an expert reads the clusters of their assigned entries,
    except in a blind review (the cluster page names the promotion body and the members)."""
    assigned = _active_assignments(viewer).filter(submission__round__blind_review=False)
    return Q(pk__in=assigned.values("submission__cluster_id"))


def claimed_value_visibility(viewer: Viewer) -> Q:
    """Claimed values (with their evidence) are visible with their entry, to its assigned experts too."""
    if viewer.is_system:
        return Q()
    return Q(submission__in=Submission.objects.values("pk"))


def expert_pool():
    """The expert pool (the ministry reads every profile), with what a list row shows."""
    from tenancy.models import ExpertProfile

    return (
        ExpertProfile.objects.select_related("user", "region")
        .prefetch_related("fields")
        .annotate(
            active_assignments=Count("assignments", filter=Q(assignments__status="assigned"), distinct=True),
            declared_conflict_count=Count("declared_conflicts", distinct=True),
        )
        .order_by("user__username", "pk")
    )


def declarable_clusters():
    """Clusters a conflict can be declared with: those with an eligible entry, and the public register. An expert
    declares before any entry is assigned, so this reads beyond the viewer's clusters (names only are shown)."""
    from clusters.models import Cluster

    from .models import Submission

    eligible = unscoped(Submission).filter(status=Submission.Status.ELIGIBLE).values("cluster_id")
    return unscoped(Cluster).filter(Q(pk__in=eligible) | Q(is_public=True, tier__in=Cluster.PUBLIC_TIERS))


def expert_names(*, ids) -> dict[int, str]:
    """The names of the experts with these profile ids, for a run's result breakdown (the ministry's)."""
    from tenancy.models import ExpertProfile

    return {profile.pk: str(profile) for profile in ExpertProfile.objects.filter(pk__in=ids).select_related("user")}


def expert_profile_of(user):
    from tenancy.models import ExpertProfile

    return unscoped(ExpertProfile).filter(user_id=user.pk).select_related("region").first()


def visible_conflicts():
    from .models import ConflictDeclaration

    return ConflictDeclaration.objects.select_related("expert__user", "cluster", "declared_by").order_by(
        "-created", "-pk"
    )


def visible_assignments():
    """Assignments the viewer may read, with the entry, the expert and the review's status."""
    from .models import Assignment

    return Assignment.objects.select_related(
        "submission__round__competition",
        "submission__track__field",
        "submission__cluster__promotion_body",
        "expert__user",
        "review",
    ).order_by("-submission__round__review_closes", "submission__round_id", "submission__cluster__name", "pk")


def visible_reviews():
    from .models import ReviewScore

    return (
        Review.objects.select_related(
            "assignment__expert__user", "assignment__submission__cluster", "assignment__submission__round"
        )
        .prefetch_related(
            Prefetch("scores", queryset=ReviewScore.objects.select_related("criterion").order_by("criterion__position"))
        )
        .order_by("assignment__submission_id", "assignment__expert_id", "pk")
    )


def round_review_progress(*, round):
    """The round's eligible entries (and any with assignments) with their review progress: experts assigned and
    reviews submitted, for the ministry's assignment page."""
    from .models import Assignment

    return (
        Submission.objects.filter(round=round)
        .filter(Q(status=Submission.Status.ELIGIBLE) | Q(assignments__isnull=False))
        .distinct()
        .select_related("track__field", "cluster")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("expert__user", "review").order_by("expert__user__username"),
            )
        )
        .annotate(
            assigned_count=Count("assignments", filter=Q(assignments__status="assigned"), distinct=True),
            submitted_count=Count(
                "assignments",
                filter=Q(assignments__status="assigned", assignments__review__status="submitted"),
                distinct=True,
            ),
        )
        .order_by("cluster__name", "pk")
    )


def entry_member_names(*, submission, limit=20) -> tuple[list[str], int]:
    """The first `limit` member names of the entry's cluster and how many members it has."""
    from clusters.models import Member

    members = unscoped(Member).filter(cluster_id=submission.cluster_id)
    return list(members.order_by("name").values_list("name", flat=True)[:limit]), members.count()


# Monitoring (issue 6) ----------------------------------------------------------------------------------------------


def visible_monitoring_evaluations():
    from django.db.models import Count

    # Counted among the results the viewer may read: a local government's count is its clusters'.
    visible = MonitoringResult.objects.values("pk")
    return (
        MonitoringEvaluation.objects.select_related("method", "created_by")
        .annotate(result_count=Count("results", filter=Q(results__in=visible)))
        .order_by("-year", "-created", "-pk")
    )


def visible_monitoring_results():
    """Results the viewer may read, with what a list row shows (warning counts annotated)."""
    from django.db.models import Count

    return (
        MonitoringResult.objects.select_related("evaluation", "cluster__field")
        .annotate(warning_count=Count("warnings"))
        .order_by("evaluation_id", "-overall", "cluster__name", "pk")
    )


def filter_monitoring_results(queryset, *, grade="", recommendation="", province="", field="", evaluation=None):
    if evaluation is not None:
        queryset = queryset.filter(evaluation=evaluation)
    if grade:
        queryset = queryset.filter(grade=grade)
    if recommendation:
        queryset = queryset.filter(recommendation=recommendation)
    if province:
        queryset = queryset.filter(in_jurisdiction(str(province)[:2], "cluster"))
    if field:
        queryset = queryset.filter(cluster__field_id=field)
    return queryset


def monitoring_result_for_detail():
    from .models import EarlyWarning

    return MonitoringResult.objects.select_related("evaluation__method", "cluster__field").prefetch_related(
        Prefetch("warnings", queryset=EarlyWarning.objects.order_by("-severity", "rule", "pk"))
    )


def monitoring_previous_result(*, result):
    """Last year's result of the same cluster (the latest succeeded evaluation of the previous year), if visible."""
    return (
        MonitoringResult.objects.filter(
            cluster_id=result.cluster_id,
            evaluation__year=result.evaluation.year - 1,
            evaluation__status=MonitoringEvaluation.Status.SUCCEEDED,
        )
        .select_related("evaluation")
        .order_by("-evaluation__created", "-evaluation_id")
        .first()
    )


# Dynamic adjustment, rectification and reports (adjustment part) -------------------------------------------------


def cluster_supervisors(*, cluster) -> list[Organisation]:
    """Every active local government whose jurisdiction holds one of the cluster's regions: the province and the
    prefecture of each (a cross-region cluster has several), whoever asks."""
    codes = list(unscoped(ClusterRegion).filter(cluster=cluster).values_list("region_id", flat=True))
    candidates = {code[:2] + "0000" for code in codes} | {code[:4] + "00" for code in codes} | set(codes)
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.LOCAL, is_active=True, region_id__in=candidates)
        .select_related("region")
        .order_by("region__code", "pk")
    )


def visible_decisions():
    from .models import AdjustmentDecision

    return AdjustmentDecision.objects.select_related(
        "result__cluster__field", "result__cluster__promotion_body", "result__evaluation", "decided_by"
    ).order_by("-decided_at", "-pk")


def visible_rectifications():
    from .models import RectificationNote

    return RectificationNote.objects.select_related(
        "cluster", "organisation", "author", "decision__result__evaluation"
    ).order_by("-created", "-pk")


def latest_succeeded_evaluation():
    from .models import MonitoringEvaluation

    return (
        MonitoringEvaluation.objects.filter(status=MonitoringEvaluation.Status.SUCCEEDED)
        .order_by("-year", "-finished", "-pk")
        .first()
    )


def result_for_report():
    """Monitoring results with what the decision page, the panel and the PDF report show."""
    from .models import EarlyWarning

    return MonitoringResult.objects.select_related(
        "cluster__field", "cluster__promotion_body", "evaluation__method", "decision__decided_by"
    ).prefetch_related(
        Prefetch("warnings", queryset=EarlyWarning.objects.order_by("-severity", "rule", "pk")),
        Prefetch("cluster__regions"),
    )


def previous_result(*, result):
    """The cluster's result in the latest earlier succeeded evaluation (last year's comparison), or None."""
    from .models import MonitoringEvaluation

    return (
        MonitoringResult.objects.filter(
            cluster_id=result.cluster_id,
            evaluation__status=MonitoringEvaluation.Status.SUCCEEDED,
            evaluation__year__lt=result.evaluation.year,
        )
        .order_by("-evaluation__year", "-evaluation__created", "-pk")
        .first()
    )


def summary_results(*, evaluation):
    """Every result of an evaluation with its cluster, regions, decision and warnings (constant queries)."""
    from .models import EarlyWarning

    return (
        MonitoringResult.objects.filter(evaluation=evaluation)
        .select_related("cluster__field", "cluster__promotion_body", "decision")
        .prefetch_related(
            Prefetch("warnings", queryset=EarlyWarning.objects.order_by("rule", "pk")),
            Prefetch("cluster__regions"),
        )
        .order_by("-overall", "cluster__name", "pk")
    )


def dashboard_figures(*, evaluation) -> dict:
    """The ministry dashboard's figures for one evaluation, in a fixed number of queries: the grade distribution,
    warnings (and warned clusters) by province and by industry field, warnings by rule, and recommendations
    against decisions. A cross-region cluster counts in each of its provinces."""
    from django.db.models.functions import Substr

    from tenancy.models import IndustryField, Region

    from .models import EarlyWarning

    results = MonitoringResult.objects.filter(evaluation=evaluation).order_by()
    grades = list(results.values("grade").annotate(clusters=Count("pk")).order_by("grade"))
    warnings = EarlyWarning.objects.filter(result__evaluation=evaluation).order_by()
    by_province = list(
        ClusterRegion.objects.filter(cluster__monitoring_results__evaluation=evaluation)
        .annotate(province=Substr("region_id", 1, 2))
        .values("province")
        .annotate(
            clusters=Count("cluster", distinct=True),
            warned=Count("cluster", distinct=True, filter=Q(cluster__monitoring_results__warnings__isnull=False)),
            warnings=Count("cluster__monitoring_results__warnings", distinct=True),
        )
        .order_by("province")
    )
    names = {
        region.code[:2]: region
        for region in Region.objects.filter(code__in=[f"{row['province']}0000" for row in by_province])
    }
    for row in by_province:
        row["region"] = names.get(row["province"])
    by_field = list(
        results.values("cluster__field_id")
        .annotate(
            clusters=Count("pk", distinct=True),
            warned=Count("pk", distinct=True, filter=Q(warnings__isnull=False)),
            warnings=Count("warnings", distinct=True),
        )
        .order_by("cluster__field_id")
    )
    fields = IndustryField.objects.in_bulk([row["cluster__field_id"] for row in by_field])
    for row in by_field:
        row["field"] = fields.get(row["cluster__field_id"])
    by_rule = list(warnings.values("rule").annotate(warnings=Count("pk")).order_by("-warnings", "rule"))
    pairs = {
        (row["recommendation"], row["decision__decision"]): row["n"]
        for row in results.values("recommendation", "decision__decision").annotate(n=Count("pk"))
    }
    return {
        "grades": grades,
        "by_province": by_province,
        "by_field": by_field,
        "by_rule": by_rule,
        "decision_pairs": pairs,
        "total": sum(row["clusters"] for row in grades),
        "warning_total": sum(row["warnings"] for row in by_rule),
    }


# Public notice and objections (notice part) ------------------------------------------------------------------------


def visible_notices():
    """Notices the viewer may read (the public: published ones; the ministry: drafts too), with the number of
    proposed winners and of objections (the counts are shown to the ministry only)."""
    from .models import PublicNotice

    return (
        PublicNotice.objects.select_related("run__round__competition")
        .annotate(
            winner_count=Count("run__results", filter=Q(run__results__advanced=True), distinct=True),
            objection_count=Count("objections", distinct=True),
            unhandled_count=Count("objections", filter=Q(objections__status="lodged"), distinct=True),
        )
        .order_by("-opens", "-created", "-pk")
    )


def notice_winners(*, notice):
    """The proposed winners of a notice the viewer has read (results that advance), per track by rank: the query is
    built as the system's, since the public reads the winners' clusters through the notice (pages and serializers
    show the cluster's name and regions, the track, the rank and the total — never the entry's content)."""
    from tenancy.scoping import system_scope

    from .models import Result

    with system_scope():
        return (
            Result.objects.filter(run_id=notice.run_id, advanced=True)
            .select_related("submission__cluster", "track__field")
            .prefetch_related(Prefetch("submission__cluster__regions"))
            .order_by("track__position", "track_id", "rank", "pk")
        )


def visible_objections():
    from .models import Objection

    return Objection.objects.select_related("notice", "submission__cluster", "handled_by").order_by("-created", "-pk")


def published_results():
    """Results of runs whose final result is published, as far as the viewer may read them (result_visibility)."""
    from .models import Result

    return (
        Result.objects.filter(run__notice__status=PublicNotice.Status.FINAL)
        .select_related("submission__cluster", "track__field", "run__round__competition", "run__notice")
        .order_by("-run__notice__final_published_at", "track__position", "rank", "pk")
    )


# Evaluation runs (runs part) -------------------------------------------------------------------------------------


def visible_runs():
    """Evaluation runs the viewer may see (the ministry's: `evaluation_run_visibility`), newest first."""
    from .models import EvaluationRun

    return EvaluationRun.objects.select_related("round__competition", "created_by").order_by("-created", "-pk")


def run_results(*, run):
    """A run's results in ranking order per track, with what a ranking row shows."""
    from .models import Result

    return (
        Result.objects.filter(run=run)
        .select_related("submission__cluster", "track__field")
        .defer("breakdown")
        .order_by("track__position", "track_id", "rank", "pk")
    )


def run_criteria(*, run):
    return list(Criterion.objects.filter(round_id=run.round_id).select_related("indicator").order_by("position", "pk"))


def monitoring_result_counts(*, evaluation) -> dict:
    """Grades and warnings of the results of `evaluation` the viewer may read (a local government's counts are its
    clusters', not the nation's)."""
    from django.db.models import Count

    from .models import EarlyWarning

    visible = MonitoringResult.objects.filter(evaluation=evaluation)
    grades = dict(visible.order_by().values_list("grade").annotate(n=Count("pk")).values_list("grade", "n"))
    warnings = EarlyWarning.objects.filter(result__in=visible.values("pk")).count()
    return {"grades": sorted(grades.items()), "warnings": warnings, "clusters": sum(grades.values())}


def monitoring_same_inputs(*, evaluation):
    """Other succeeded evaluations of the same year whose inputs had the same digest (reruns on the same data)."""
    if not evaluation.digest:
        return MonitoringEvaluation.objects.none()
    return (
        MonitoringEvaluation.objects.filter(
            year=evaluation.year, digest=evaluation.digest, status=MonitoringEvaluation.Status.SUCCEEDED
        )
        .exclude(pk=evaluation.pk)
        .order_by("-created", "-pk")
    )


def monitoring_cluster_results(*, cluster):
    """The cluster's results of every succeeded evaluation, one per year (the latest evaluation of the year)."""
    rows = (
        MonitoringResult.objects.filter(cluster=cluster, evaluation__status=MonitoringEvaluation.Status.SUCCEEDED)
        .select_related("evaluation")
        .order_by("-evaluation__year", "-evaluation__created", "-evaluation_id")
    )
    seen, latest = set(), []
    for row in rows:
        if row.evaluation.year not in seen:
            seen.add(row.evaluation.year)
            latest.append(row)
    return latest
