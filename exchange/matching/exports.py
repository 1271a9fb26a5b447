"""Matchmaking as exports (tenancy/exports): the gaps and partners of the clusters /matching/ lists (CSV or Excel),
and the national complementarity matrix (Excel), the ministry's, for the field the page shows; anyone else is
refused before a job exists."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenancy.exports.registry import register_export

from .views import matching_shown, matrix_or_refusal


def _matrix(request):
    matrix, refusal = matrix_or_refusal(request)
    if refusal:
        raise ValidationError(refusal)
    return matrix


def _check(request):
    if not request.user.has_perm("exchange.view_matching_matrix"):
        raise PermissionDenied
    _matrix(request)


def matrix_sheets(request):
    """Two sheets: the matrix (clusters × categories, member counts, each gap's kind) and the gaps with their
    proposed partners."""
    from .selectors import matches_for

    matrix = _matrix(request)
    header = [_("Cluster"), *(c.display_name for c in matrix.categories), _("Gaps"), _("With partners")]
    rows = [
        [
            row.cluster.display_name,
            *(f"{cell.members} ({cell.kind})" if cell.kind else cell.members for cell in row.cells),
            row.gaps,
            row.matched,
        ]
        for row in matrix.rows
    ]
    rows.append([_("Members"), *matrix.totals, "", ""])
    gap_header = [_("Cluster"), _("Chain category"), _("Gap"), _("In numbers"), _("Rank"), _("Partner"), _("Reason")]
    gap_rows = []
    for m in matches_for([row.cluster for row in matrix.rows]):
        for gap in m.gaps:
            base = [m.cluster.display_name, gap.category.display_name, gap.kind_label, gap.situation]
            if not gap.partners:
                gap_rows.append([*base, "", "", ""])
            for partner, reason in gap.reasons:
                gap_rows.append([*base, partner.rank, partner.cluster.display_name, reason])
    return [
        (matrix.field.display_name, header, rows),
        (_("Gaps and partners"), gap_header, gap_rows),
    ]


def _may_match(request):
    if not request.user.has_perm("exchange.view_matching"):
        raise PermissionDenied


def gap_sheets(request):
    """What /matching/ shows for the same field, every page: a row per gap and partner (a gap without partners once)."""
    from .selectors import matches_for

    _may_match(request)
    clusters, _field = matching_shown(request)
    header = [
        _("Cluster"),
        _("Industry field"),
        _("Chain category"),
        _("Segment"),
        _("Gap"),
        _("In numbers"),
        _("Rank"),
        _("Partner"),
        _("Members"),
        _("Reason"),
    ]
    rows = []
    for m in matches_for(clusters):
        for gap in m.gaps:
            base = [
                m.cluster.display_name,
                m.cluster.field.display_name,
                gap.category.display_name,
                gap.category.get_segment_display(),
                gap.kind_label,
                gap.situation,
            ]
            if not gap.partners:
                rows.append([*base, "", "", "", ""])
            for partner, reason in gap.reasons:
                rows.append([*base, partner.rank, partner.cluster.display_name, partner.members, reason])
    return [(_("Gaps and partners"), header, rows)]


def register():
    register_export("exchange.matching.gaps", gettext_lazy("Gaps and partners"), gap_sheets, check=_may_match)
    register_export(
        "exchange.matching.matrix",
        gettext_lazy("Complementarity matrix"),
        matrix_sheets,
        check=_check,
        formats=("xlsx",),
    )
