"""The cluster layout (the matrix, the provinces, the gaps) as an Excel export for signed-in users (tenancy/exports);
the public layout's visitors download theirs at once (clusters/layout/views.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from clusters.layout.selectors import layout_sheets
from clusters.layout.views import layout_or_refusal
from tenancy.exports.registry import register_export


def _layout(request):
    layout, refusal = layout_or_refusal(request, public=False)
    if refusal:
        raise ValidationError(refusal)
    return layout


def _check(request):
    _layout(request)


def layout_export_sheets(request):
    return layout_sheets(_layout(request))


def register():
    register_export(
        "clusters.layout", gettext_lazy("Cluster layout"), layout_export_sheets, check=_check, formats=("xlsx",)
    )
