"""The expert pool as an export (tenancy/exports), for the ministry: the pool's filters, every page."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.review.views import experts_shown
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


def register():
    register_export("evaluations.experts", gettext_lazy("Expert pool"), expert_sheets, check=_check)
