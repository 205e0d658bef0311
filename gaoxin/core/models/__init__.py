from .base import SoftDeleteModel, TrackedModel
from .changelog import AppendOnlyModel, BusinessEvent, ObjectChange, SecurityEvent
from .customfields import CustomField
from .tokens import ApiToken
from .work import TaskRun, WorkState

__all__ = [
    "AppendOnlyModel",
    "ApiToken",
    "BusinessEvent",
    "CustomField",
    "ObjectChange",
    "SecurityEvent",
    "SoftDeleteModel",
    "TaskRun",
    "TrackedModel",
    "WorkState",
]
