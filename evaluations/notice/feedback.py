"""What an entrant reads beside its own published result: its experts numbered, never named, and their written comments.

Numbering (`evaluations.notice.services.expert_numbers`). Every expert a result's breakdown refers to gets a number,
1, 2, … in the order of the experts' profile ids (stable: the same result always numbers its experts the same way, on
the page and in the API, in the score table and beside the comments). The entrant sees "Expert n" / "专家n".

Comments. The comments of the *submitted* reviews of the entry whose scores *counted* in the result: those by the
experts the breakdown lists per criterion (`experts`); a review the run left out (not submitted, recused, excluded)
is not among them. They are shown only once the final result is published (the result is not visible before), and
only to the entry's promotion body (rule `evaluations.read_result_comments`).
"""

from django.utils.translation import gettext as _

from evaluations.models import Review
from evaluations.notice.services import expert_numbers, expert_refs
from tenancy.scoping import unscoped


def expert_label(number: int) -> str:
    return _("Expert %(number)s") % {"number": number}


def counted_experts(breakdown) -> set[str]:
    """The experts whose scores the result counted: those listed per criterion (`experts`)."""
    counted = set()
    rows = breakdown.get("criteria") if isinstance(breakdown, dict) else None
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and isinstance(row.get("experts"), list):
            counted.update(expert_refs(row["experts"]))
    return counted


def result_comments(*, result) -> list[dict]:
    """The counted experts' written comments on the result's entry, in the experts' numbering: a list of
    {"expert": "Expert n", "number": n, "comments": text}. It reads the reviews as the system (an entrant reads no
    review), and returns neither the expert's name nor any id."""
    numbers = expert_numbers(result.breakdown)
    counted = {int(identity) for identity in counted_experts(result.breakdown) if identity.lstrip("-").isdigit()}
    reviews = (
        unscoped(Review)
        .filter(
            status=Review.Status.SUBMITTED,
            assignment__submission_id=result.submission_id,
            assignment__expert_id__in=counted,
        )
        .values_list("assignment__expert_id", "comments")
    )
    comments = [
        {"expert": expert_label(numbers[str(expert)]), "number": numbers[str(expert)], "comments": text.strip()}
        for expert, text in reviews
        if str(expert) in numbers
    ]
    return sorted(comments, key=lambda comment: comment["number"])
