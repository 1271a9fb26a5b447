"""What the page and the API say about a query that cannot run."""

from django.utils.translation import gettext as _

from .tokens import MIN_QUERY_CHARACTERS, Query


def problem_message(query: Query) -> str:
    if query.problem == "empty":
        return _("Type a name, a title, a document number or a credit code to search for.")
    if query.problem == "too_short":
        return _("Type at least %(count)d characters (one character matches too much).") % {
            "count": MIN_QUERY_CHARACTERS
        }
    return ""
