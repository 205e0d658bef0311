"""Every write of the policy app, one module per concept: the catalogue (loading and publishing
policies, editing a clause, matching), claims (意愿确认/申报 → 审核 → 公示), batches (核定 under the budget
guard) and funds (拨付). Each checks the capability and the enterprise's scope, writes state + change row +
timeline event (``gaoxin.core.actions``) in one transaction. Call sites keep ``from gaoxin.policies import
actions`` and ``actions.claim(...)``."""

from ..choices import Outcome
from .batches import approve_claims, batch_plan
from .catalogue import check_fields, load_policies, run_matching, save_clause, set_status
from .claims import claim, ensure_owner, review_claim, start_publicity
from .events import EVENT_TYPES, NOTIFICATION_KINDS
from .funds import pay_claim

__all__ = [
    "EVENT_TYPES", "NOTIFICATION_KINDS", "Outcome", "approve_claims", "batch_plan", "check_fields", "claim",
    "ensure_owner", "load_policies", "pay_claim", "review_claim", "run_matching", "save_clause", "set_status",
    "start_publicity",
]  # fmt: skip
