"""Reads and visibility rules of the competition (DESIGN §2), one module per concept; this module gathers them for
the models' scoped managers and for callers that read across concepts."""

from evaluations.competitions.selectors import *  # noqa: F403
from evaluations.entries.selectors import *  # noqa: F403
from evaluations.notice.selectors import *  # noqa: F403
from evaluations.review.selectors import *  # noqa: F403
from evaluations.review.selectors import _active_assignments  # noqa: F401
from evaluations.runs.selectors import *  # noqa: F403
