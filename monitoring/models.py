"""Models of the monitoring app: the annual monitoring evaluation of national and provincial clusters, its early
warnings, and the ministry's dynamic adjustment decisions with the clusters' rectification notes. The tables keep
the names they had in the evaluations app."""

from monitoring.adjustment.models import AdjustmentDecision, RectificationNote
from monitoring.evaluation.models import (
    EarlyWarning,
    MonitoringDimension,
    MonitoringEvaluation,
    MonitoringMethod,
    MonitoringResult,
    Recommendation,
)

__all__ = [
    "AdjustmentDecision",
    "EarlyWarning",
    "MonitoringDimension",
    "MonitoringEvaluation",
    "MonitoringMethod",
    "MonitoringResult",
    "Recommendation",
    "RectificationNote",
]
