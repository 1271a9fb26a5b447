"""Template filters for figures, one per kind (tenancy.numbers says how each reads): {{ amount|money }},
{{ member.revenue|money:"wan" }}, {{ result.total|score }}, {{ rate|share }}, {{ rate|percent }},
{{ weight|plain }}."""

from django import template

from tenancy import numbers

register = template.Library()

register.filter("money", numbers.money)
register.filter("score", numbers.score)
register.filter("share", numbers.share)
register.filter("percent", numbers.percent)
register.filter("plain", numbers.plain)
