"""The list of evaluation runs and a run's results as exports (tenancy/exports)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.runs import selectors
from evaluations.runs import services as run_services
from evaluations.runs.views import _excluded_rows, _run, run_results_shown, runs_shown
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export
from tenancy.numbers import score_cell

EXPORT_HEADER_KEYS = ("track", "rank", "cluster", "entry", "expert_score", "indicator_score", "total", "advanced")


def _check(request):
    _run(request.target)


def run_sheets(request):
    """A run's results (a column per criterion's contribution) and a sheet on the run: its digest, its status, the
    ministry's reason for a run with reviews missing, the reviews left out. Scores with two decimals, as numbers."""
    run = _run(request.target)
    criteria = selectors.run_criteria(run=run)
    header = [
        _("Track"),
        _("Rank in track"),
        _("Cluster"),
        _("Entry"),
        _("Expert score"),
        _("Indicator score"),
        _("Total"),
        _("Advances"),
        *[f"{criterion.display_name} ({_('contribution')})" for criterion in criteria],
    ]
    shown, _track, _sorting = run_results_shown(request, run)
    results = shown.defer(None)

    def rows():
        for result in results.iterator(chunk_size=500):
            contributions = {item["criterion"]: item["contribution"] for item in result.breakdown.get("criteria", [])}
            yield [
                str(result.track),
                result.rank,
                result.submission.cluster.name,
                result.submission_id,
                score_cell(result.expert_score),
                score_cell(result.indicator_score),
                score_cell(result.total),
                _("yes") if result.advanced else _("no"),
                *[score_cell(contributions.get(criterion.pk)) for criterion in criteria],
            ]

    summary = [
        (_("Run"), run.pk),
        (_("Round"), str(run.round)),
        (_("Status"), run.get_status_display()),
        (_("Digest of the inputs (SHA-256)"), run.digest),
        (_("Finished"), run.finished.replace(tzinfo=None) if run.finished else None),
    ]
    if run.review_override_reason:
        summary += [
            (_("Run with reviews missing; the ministry's reason"), run.review_override_reason),
            (_("Entries short of reviews at the start"), run_services.outstanding_text(run.reviews_missing, limit=50)),
        ]
    for row in _excluded_rows(run):
        summary.append(
            (
                _("Review left out (conflict of interest)"),
                _("entry No. %(entry)s, %(expert)s: %(reason)s")
                % {"entry": row["entry"], "expert": row["expert_name"], "reason": row["reason"]},
            )
        )
    return [(_("Results"), header, rows()), (_("Run"), [_("Item"), _("Value")], summary)]


def _check_runs(request):
    runs_shown(request)  # 403 for anyone but the ministry; 404 for a round it may not see


def run_list_sheets(request):
    runs, _round = runs_shown(request)
    header = [
        _("Run"),
        _("Competition"),
        _("Round"),
        _("Status"),
        _("Started by"),
        _("Created"),
        _("Digest of the inputs"),
    ]
    rows = (
        (
            run.pk,
            run.round.competition.display_name,
            run.round.display_name,
            run.get_status_display(),
            str(run.created_by or ""),
            local_time(run.created),
            run.digest,
        )
        for run in runs
    )
    return [(_("Evaluation runs"), header, rows)]


def register():
    register_export("evaluations.runs", gettext_lazy("Evaluation runs"), run_list_sheets, check=_check_runs)
    register_export(
        "evaluations.run_results",
        gettext_lazy("Results of an evaluation run"),
        run_sheets,
        check=_check,
        needs_target=True,
    )
