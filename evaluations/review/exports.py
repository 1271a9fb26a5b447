"""The expert pool (the ministry's; its filters, every page), the declared conflicts of interest (the ministry's
all, an expert's own, a blind round's entry under its code) and an expert's assignments as exports
(tenancy/exports)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.review import blind
from evaluations.review.lists import assignments_shown, conflict_reader, conflicts_shown, name_conflicts
from evaluations.review.views import experts_shown
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export


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
