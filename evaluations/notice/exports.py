"""The notice pages' lists as exports (tenancy/exports): the public notices (for any signed-in user; anonymous
visitors read the page but own no export job), the published results a viewer may read ("My results"), and the
objections to the notices, for the ministry."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.notice.services import notice_state
from evaluations.notice.views import my_results_shown, notices_shown, objections_shown
from tenancy.exports.files import local_time
from tenancy.exports.registry import register_export


def _check(request):
    objections_shown(request)


def objection_sheets(request):
    objections, _form = objections_shown(request)
    header = [_("Objection"), _("Lodged"), _("Notice"), _("By"), _("Entry objected to"), _("Status")]
    rows = (
        (
            objection.pk,
            local_time(objection.created),
            objection.notice.title,
            objection.name,
            objection.submission.cluster.display_name if objection.submission else "",
            objection.get_status_display(),
        )
        for objection in objections
    )
    return [(_("Objections"), header, rows)]


def _state_labels():
    return {
        "draft": _("Draft"),
        "open": _("Open for objections"),
        "closed": _("Closed"),
        "final": _("Final result published"),
    }


def notice_sheets(request):
    notices, _sorting = notices_shown(request)
    labels, now = _state_labels(), timezone.now()
    header = [_("Notice"), _("Competition"), _("Round"), _("Status"), _("Opens"), _("Closes"), _("Proposed winners")]
    rows = (
        (
            notice.title_en if translation.get_language() == "en" and notice.title_en else notice.title,
            notice.run.round.competition.display_name,
            notice.run.round.display_name,
            labels.get(notice_state(notice, now), notice.status),
            local_time(notice.opens),
            local_time(notice.closes),
            notice.winner_count,
        )
        for notice in notices
    )
    return [(_("Public notices"), header, rows)]


def _outcome(result):
    if result.last_round:
        return _("Winner") if result.advanced else _("Not selected")
    return _("Advances to the next round") if result.advanced else _("Does not advance")


def my_result_sheets(request):
    results, _sorting = my_results_shown(request)
    header = [
        _("Competition"),
        _("Round"),
        _("Cluster"),
        _("Track"),
        _("Expert score"),
        _("Indicator score"),
        _("Total"),
        _("Rank"),
        _("Outcome"),
    ]
    rows = (
        (
            result.run.round.competition.display_name,
            result.run.round.display_name,
            result.submission.cluster.display_name,
            result.track.field.display_name,
            result.expert_score,
            result.indicator_score,
            result.total,
            result.rank,
            _outcome(result),
        )
        for result in results
    )
    return [(_("Published results"), header, rows)]


def register():
    register_export("evaluations.notices", gettext_lazy("Public notices"), notice_sheets)
    register_export("evaluations.my_results", gettext_lazy("Published results"), my_result_sheets)
    register_export("evaluations.objections", gettext_lazy("Objections"), objection_sheets, check=_check)
