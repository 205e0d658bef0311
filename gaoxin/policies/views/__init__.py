"""Policy pages: the library (政策库), matches (政策找人, 可享受政策, 待确认), the 兑现 chain, the ledger and
funds, and the what-if sandbox (政策沙盘). One module per concept."""

from .claims import approve, claim_detail, claim_pay, claim_review, claims, publicity
from .ledger import funds, ledger, ledger_export
from .library import check, clause_edit, library, load, policy_detail, policy_status, run
from .matches import confirm, match_export, matches, mine, pending
from .sandbox import sandbox

__all__ = [
    "approve", "check", "claim_detail", "claim_pay", "claim_review", "claims", "clause_edit", "confirm", "funds",
    "ledger", "ledger_export", "library", "load", "match_export", "matches", "mine", "pending", "policy_detail",
    "policy_status", "publicity", "run", "sandbox",
]  # fmt: skip
