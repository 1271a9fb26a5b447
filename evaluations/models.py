"""Models of the evaluations app, in three parts:

- `competitions`: competitions, tracks, rounds, rubrics and the entries with their versions and endorsements;
- `review`: conflicts of interest, assignments of experts, reviews, evaluation runs and their results, public
  notices and objections;
- `monitoring`: the annual monitoring evaluation of national and provincial clusters, its early warnings and the
  ministry's dynamic adjustment decisions.
"""

from evaluations.competitions.models import (
    SECTION_KEYS,
    SECTION_MAX_CHARS,
    SECTIONS,
    ClaimedValue,
    Competition,
    Criterion,
    Dimension,
    Endorsement,
    Round,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    Track,
    claimed_evidence_path,
)
from evaluations.review.models import (
    Assignment,
    ConflictDeclaration,
    EvaluationRun,
    Objection,
    PublicNotice,
    Result,
    Review,
    ReviewScore,
)

__all__ = [
    "SECTIONS",
    "SECTION_KEYS",
    "SECTION_MAX_CHARS",
    "Assignment",
    "ClaimedValue",
    "Competition",
    "ConflictDeclaration",
    "Criterion",
    "Dimension",
    "Endorsement",
    "EvaluationRun",
    "Objection",
    "PublicNotice",
    "Result",
    "Review",
    "ReviewScore",
    "Round",
    "Submission",
    "SubmissionEvent",
    "SubmissionVersion",
    "Track",
    "claimed_evidence_path",
]
