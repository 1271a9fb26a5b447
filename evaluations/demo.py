"""Demo data of the evaluations app, one module per concept; importing them registers their seeders (the
competitions with their entries, order 70; the review and the decision, order 75). The yearly monitoring
evaluations are monitoring/demo.py's."""

from evaluations.competitions import demo as competitions_demo  # noqa: F401
from evaluations.review import demo as review_demo  # noqa: F401
