"""The expert pool (the ministry's; its filters, every page), the declared conflicts of interest (the ministry's
all, an expert's own, a blind round's entry under its code), an expert's assignments, a round's assignments and review
progress, an entry's reviews and the score trail as exports (tenancy/exports)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Review
from evaluations.review import blind
from evaluations.review import services as review_services
from evaluations.review.lists import (
    assignments_shown,
    conflict_reader,
    conflicts_shown,
    entry_reviews_shown,
    name_conflicts,
    review_changes_shown,
    round_assignments_shown,
)
from evaluations.review.views import _entry_to_review, _round_to_manage, experts_shown
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export
from tenancy.numbers import plain


def _check(request):
    experts_shown(request)  # 403 for anyone but the ministry


def expert_sheets(request):
    experts, _form = experts_shown(request)
    header = [
        _("Expert"),
        _("User name"),
        _("Affiliation"),
        _("Region"),
        _("Industry fields"),
        _("Eligibility"),
        _("Active"),
        _("Assignments"),
        _("Declared conflicts"),
    ]
    rows = (
        (
            str(expert),
            expert.user.username,
            expert.affiliation,
            expert.region.display_name if expert.region else "",
            "、".join(field.display_name for field in expert.fields.all()),
            _("Eligible") if expert.is_eligible else _("Not eligible"),
            _("yes") if expert.user.is_active else _("no"),
            expert.active_assignments,
            expert.declared_conflict_count,
        )
        for expert in experts
    )
    return [(_("Expert pool"), header, rows)]


def _check_assignments(request):
    assignments_shown(request)  # 403 for anyone but an expert


def conflict_sheets(request):
    conflicts, viewer, _sorting = conflicts_shown(request)
    header = [
        _("Cluster or entry") if viewer.is_expert else _("Cluster"),
        _("Reason"),
        _("Declared by"),
        _("Declared"),
    ]
    if not viewer.is_expert:
        header.insert(0, _("Expert"))
    rows = []
    for c in name_conflicts(request.user, conflicts, is_expert=viewer.is_expert):
        row = [c.title, c.shown_reason, c.declared_by.username if c.declared_by else "", local_time(c.created)]
        rows.append(row if viewer.is_expert else [str(c.expert), *row])
    return [(_("Declared conflicts of interest"), header, rows)]


def _review_state(assignment):
    review = getattr(assignment, "review", None)  # none until the expert starts it
    if assignment.status == "recused":
        return _("recused")
    return review.get_status_display() if review else _("not started")


def assignment_sheets(request):
    """The expert's assignments as the page lists them (a blind round's entry under its code, never its name)."""
    assignments, _show, _sorting = assignments_shown(request)
    header = [_("Entry"), _("Competition"), _("Round"), _("Review opens"), _("Review closes"), _("My review")]
    rows = (
        (
            blind.entry_title(a.submission, request.user),
            a.submission.round.competition.display_name,
            a.submission.round.display_name,
            local_time(a.submission.round.review_opens),
            local_time(a.submission.round.review_closes),
            _review_state(a),
        )
        for a in assignments
    )
    return [(_("My assignments"), header, rows)]


def _check_round(request):
    _round_to_manage(request, request.target)


def round_assignment_sheets(request):
    """A round's entries as its assignment page lists them: the cluster (and, in a blind round, the code its experts
    read), the track, each expert with their review's state, and the reviews submitted of the experts assigned."""
    round_ = _round_to_manage(request, request.target)
    entries, _sorting = round_assignments_shown(request, round_)
    header = [
        _("Entry"),
        _("Code"),
        _("Status"),
        _("Track"),
        _("Experts"),
        _("Reviews submitted"),
        _("Experts assigned"),
        _("Experts per entry"),
    ]
    rows = []
    for entry in entries:
        entry.round = round_
        experts = "、".join(f"{a.expert}（{_review_state(a)}）" for a in entry.assignments.all())
        rows.append(
            (
                entry.cluster.display_name,
                blind.entry_code(entry),
                entry.get_status_display(),
                entry.track.field.display_name,
                experts,
                entry.submitted_count,
                entry.assigned_count,
                round_.experts_per_entry,
            )
        )
    return [(_("Expert assignments and review progress"), header, rows)]


def _check_entry(request):
    _entry_to_review(request, request.target)


def entry_review_sheets(request):
    """An entry's reviews as its page lists them: the expert, the status, when submitted, a column per criterion of
    the rubric (its score) and the comments."""
    submission = _entry_to_review(request, request.target)
    criteria = review_services.expert_criteria(submission.round)
    reviews, _sorting = entry_reviews_shown(request, submission)
    header = [
        _("Expert"),
        _("Status"),
        _("Submitted"),
        *(f"{c.display_name} / {plain(c.max_score)}" for c in criteria),
        _("Comments"),
    ]
    rows = []
    for review in reviews:
        by_criterion = {score.criterion_id: score.score for score in review.scores.all()}
        rows.append(
            (
                str(review.assignment.expert),
                review.get_status_display(),
                local_time(review.submitted_at),
                *(by_criterion.get(c.pk) for c in criteria),
                review.comments,
            )
        )
    return [(_("Reviews of the entry"), header, rows)]


def _change_rows(changes, *, with_expert):
    for change in changes:
        what = (
            (_("Comments"), change.old_comments, change.new_comments)
            if change.is_comment
            else (change.criterion.display_name, change.old_score, change.new_score)
        )
        expert = (str(change.expert),) if with_expert else ()
        yield (local_time(change.created), change.actor.username if change.actor else "", *expert, *what)


def _change_header(*, with_expert):
    expert = (_("Expert"),) if with_expert else ()
    return [_("When"), _("Changed by"), *expert, _("Criterion"), _("Old"), _("New")]


def _review(request):
    return get_object_or_404(Review.objects.select_related("assignment__submission"), pk=request.target)


def _check_review_changes(request):
    review_changes_shown(request, review=_review(request))


def review_change_sheets(request):
    changes, _sorting = review_changes_shown(request, review=_review(request))
    rows = _change_rows(changes, with_expert=False)
    return [(_("Score changes"), _change_header(with_expert=False), rows)]


def _check_entry_review_changes(request):
    review_changes_shown(request, submission=_entry_to_review(request, request.target))


def entry_review_change_sheets(request):
    submission = _entry_to_review(request, request.target)
    changes, _sorting = review_changes_shown(request, submission=submission)
    rows = _change_rows(changes, with_expert=True)
    return [(_("Score changes of the entry's reviews"), _change_header(with_expert=True), rows)]


def register():
    register_export("evaluations.experts", gettext_lazy("Expert pool"), expert_sheets, check=_check)
    register_export(
        "evaluations.conflicts",
        gettext_lazy("Declared conflicts of interest"),
        conflict_sheets,
        check=conflict_reader,
    )
    register_export(
        "evaluations.assignments", gettext_lazy("My assignments"), assignment_sheets, check=_check_assignments
    )
    register_export(
        "evaluations.round_assignments",
        gettext_lazy("Expert assignments and review progress"),
        round_assignment_sheets,
        check=_check_round,
        needs_target=True,
    )
    register_export(
        "evaluations.entry_reviews",
        gettext_lazy("Reviews of the entry"),
        entry_review_sheets,
        check=_check_entry,
        needs_target=True,
    )
    register_export(
        "evaluations.review_changes",
        gettext_lazy("Score changes"),
        review_change_sheets,
        check=_check_review_changes,
        needs_target=True,
    )
    register_export(
        "evaluations.entry_review_changes",
        gettext_lazy("Score changes of the entry's reviews"),
        entry_review_change_sheets,
        check=_check_entry_review_changes,
        needs_target=True,
    )
