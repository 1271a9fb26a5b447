"""Widgets that static/js/pickers.js turns into searchable pickers. Without JavaScript each is the plain control it
extends and the form posts as before (progressive enhancement): the script only reads the options and sets the
control's value.

- RegionSelectMultiple: a <select multiple> of regions whose options carry their level and parent, so the picker
  offers a search box and a province → city → county cascade, and shows the chosen regions as removable chips.
- RegionCodeInput: a text input for one region's 6-digit code; the regions ride along in a data attribute, so
  the picker offers the same search and cascade and writes the chosen code into the input.
- SearchableSelectMultiple: any other <select multiple> (a plan's co-owners): a search box and chips.
"""

import json

from django import forms

SEARCHABLE = "searchable"
REGIONS = "regions"


class SearchableSelectMultiple(forms.SelectMultiple):
    picker = SEARCHABLE

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-picker"] = self.picker
        return context


class RegionSelectMultiple(SearchableSelectMultiple):
    picker = REGIONS

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        region = getattr(value, "instance", None)
        if region is not None:
            option["attrs"].update(
                {"data-level": region.level, "data-parent": region.parent_id or "", "data-search": _search_text(region)}
            )
        return option


class RegionCodeInput(forms.TextInput):
    """The code input, with the regions (code, name, level, parent, search text) for the picker."""

    picker = REGIONS

    def get_context(self, name, value, attrs):
        from tenancy.models import Region

        context = super().get_context(name, value, attrs)
        regions = Region.objects.order_by("code").only("code", "name", "name_en", "level", "parent_id")
        context["widget"]["attrs"]["data-picker"] = REGIONS
        context["widget"]["attrs"]["data-regions"] = json.dumps(
            [[r.code, r.display_name, r.level, r.parent_id or "", _search_text(r)] for r in regions],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return context


def _search_text(region) -> str:
    return f"{region.code} {region.name} {region.name_en}".lower()
