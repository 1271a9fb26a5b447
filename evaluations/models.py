"""Models of the evaluations app (the competition), one module per concept, gathered here so Django finds them:

- `competitions`: competitions, tracks, rounds and rubrics;
- `entries`: the entries with their claimed values, versions, endorsements and trail;
- `review`: conflicts of interest, assignments of experts, reviews and their scores;
- `runs`: evaluation runs and their results;
- `notice`: public notices, objections and the winners a final result designates.

The annual monitoring and dynamic adjustment are the monitoring app's.
"""

from evaluations.competitions.models import Competition, Criterion, Dimension, Round, Track
from evaluations.entries.models import (
    SECTION_KEYS,
    SECTION_MAX_CHARS,
    SECTIONS,
    ClaimedValue,
    Endorsement,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
    claimed_evidence_path,
)
from evaluations.notice.models import Designation, Objection, PublicNotice
from evaluations.review.models import Assignment, ConflictDeclaration, Review, ReviewChange, ReviewScore
from evaluations.runs.models import EvaluationRun, Result

__all__ = [
    "SECTIONS",
    "SECTION_KEYS",
    "SECTION_MAX_CHARS",
    "Assignment",
    "ClaimedValue",
    "Competition",
    "ConflictDeclaration",
    "Criterion",
    "Designation",
    "Dimension",
    "Endorsement",
    "EvaluationRun",
    "Objection",
    "PublicNotice",
    "Result",
    "Review",
    "ReviewChange",
    "ReviewScore",
    "Round",
    "Submission",
    "SubmissionEvent",
    "SubmissionVersion",
    "Track",
    "claimed_evidence_path",
]
