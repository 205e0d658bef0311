from .dispatch import DispatchReport, ReportPhoto
from .project import NodeTemplate, Project, ProjectNode
from .ranking import Exemption, RankingSnapshot, ZoneMap

__all__ = [
    "DispatchReport",
    "Exemption",
    "NodeTemplate",
    "Project",
    "ProjectNode",
    "RankingSnapshot",
    "ReportPhoto",
    "ZoneMap",
]
