"""The clusters app's models, one module per concept; imported here so Django finds them under the `clusters` label
(and `evidence_path` / `import_path`, which the migrations name, stay reachable at their old place)."""

from clusters.imports.models import ImportJob, import_path
from clusters.members.models import Collaboration, Member, MemberYear
from clusters.network.models import MemberFigure, NetworkAnalysis
from clusters.observations.models import Indicator, Observation, evidence_path
from clusters.profiles.models import ChainCategory, ChainLink, Cluster, ClusterRegion, Milestone

__all__ = [
    "ChainCategory",
    "ChainLink",
    "Cluster",
    "ClusterRegion",
    "Collaboration",
    "ImportJob",
    "Indicator",
    "Member",
    "MemberFigure",
    "MemberYear",
    "Milestone",
    "NetworkAnalysis",
    "Observation",
    "evidence_path",
    "import_path",
]
