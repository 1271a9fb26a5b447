"""The organisations list as an export (tenancy/exports), for those who manage organisations."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenancy.exports.registry import register_export

from .views import organisations_shown


def _check(request):
    organisations_shown(request)


def organisation_sheets(request):
    organisations, _query, _kind, _region = organisations_shown(request)
    header = [_("Name"), _("English name"), _("Short name"), _("Kind"), _("Region code"), _("Region"), _("Parent")]
    header.append(_("Status"))
    rows = (
        (
            organisation.name,
            organisation.name_en,
            organisation.slug,
            organisation.get_kind_display(),
            organisation.region_id or "",
            organisation.region.display_name if organisation.region else "",
            organisation.parent.display_name if organisation.parent else "",
            _("Active") if organisation.is_active else _("Deactivated"),
        )
        for organisation in organisations
    )
    return [(_("Organisations"), header, rows)]


def register():
    register_export("tenancy.organisations", gettext_lazy("Organisations"), organisation_sheets, check=_check)
