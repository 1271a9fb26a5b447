"""Tags of the member pages."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from clusters.members.filters import DESIGNATIONS

register = template.Library()

BADGE_CLASSES = {
    "is_leading": "text-bg-primary",
    "is_single_champion": "text-bg-success",
    "is_little_giant": "text-bg-info",
    "is_srdi_sme": "text-bg-secondary",
    "is_high_tech": "text-bg-dark",
}


@register.simple_tag
def designation_badges(member):
    """A badge for each designation the member (or a year of its figures) holds, in the filter's order: one tag
    instead of a template included per row of the member list."""
    last = DESIGNATIONS[-1][0]
    return mark_safe(
        "".join(
            format_html('<span class="badge {}">{}</span>{}', BADGE_CLASSES[field], label, "" if field == last else " ")
            for field, label in DESIGNATIONS
            if getattr(member, field)
        )
    )
