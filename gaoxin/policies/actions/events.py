"""The policy app's timeline event types and notification kinds (registered in ``apps.py``)."""

LOADED = "policies.loaded"
STATUS = "policies.status"
CLAUSE_SAVED = "policies.clause_saved"
MATCHED = "policies.matched"
CLAIMED = "policies.claimed"
REVIEWED = "policies.reviewed"
PUBLICITY = "policies.publicity"
APPROVED = "policies.approved"
PAID = "policies.paid"
EVENT_TYPES = {
    LOADED: "政策载入", STATUS: "政策状态", CLAUSE_SAVED: "条款修改", MATCHED: "政策匹配",
    CLAIMED: "意愿确认/申报", REVIEWED: "兑现审核", PUBLICITY: "兑现公示", APPROVED: "兑现核定", PAID: "资金拨付",
}  # fmt: skip
NOTIFICATION_KINDS = {
    "policies.matched": "可享受政策",
    "policies.matched_liaison": "包联企业新匹配政策",
    "policies.claim_progress": "政策兑现进度",
}
