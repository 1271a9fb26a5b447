"""Reads and visibility rules of monitoring and dynamic adjustment, one module per concept; this module gathers
them for callers that read across both."""

from monitoring.adjustment.selectors import *  # noqa: F403
from monitoring.evaluation.selectors import *  # noqa: F403
