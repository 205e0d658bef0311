"""Demo step 70 (after the registry and the assessment): load the demo policy files (gaoxin/policies/files),
which matches them at once, then walk a few matches through the 兑现 chain — confirmed, reviewed,
approved and paid — so the ledger and the fund dashboard show real figures. The first demo enterprise
(ent1) keeps its matches unconfirmed, so its 可享受政策 page offers the one-click confirmation."""

from __future__ import annotations

from pathlib import Path

FILES = Path(__file__).parent / "files"


def build(ctx) -> None:
    from gaoxin.core.context import Actor
    from gaoxin.organization.models import Zone

    from .actions import approve_claims, claim, load_policies, pay_claim, review_claim
    from .choices import Outcome
    from .models import Match

    actor = Actor.system("demo")
    zone = Zone.objects.order_by("pk").first()
    if zone is not None and "policy_publicity_days" not in zone.settings:
        zone.settings["policy_publicity_days"] = 5
        zone.save(update_fields=["settings"])
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(FILES.glob("*.yaml"))]
    loaded = load_policies(texts, actor)
    year = ctx.today.year
    matched = Match.objects.filter(year=year, verdict=Outcome.MATCH, excluded="", clause__mode="免申即享")
    ctx.progress(f"政策库：{len(loaded)} 项政策，{year} 年度符合 {matched.count()} 条")
    first = ctx.data.get("enterprises", [None])[0]
    picks = list(
        matched.exclude(enterprise=first)
        .select_related("enterprise", "clause")
        .order_by("-amount_fen", "pk")[:6]
    )
    claims = []
    for m in picks:
        c = claim(
            m,
            actor,
            bank_name="江城农商银行高新支行",
            bank_account=f"6230{m.enterprise_id:012d}",
            account_name=m.enterprise.name,
        )
        claims.append(c)
    for c in claims[:4]:
        review_claim(c, actor, True, "材料齐全，数据与年报一致")
    zone.settings["policy_publicity_days"] = 0  # the demo approves at once; real zones publicise first
    zone.save(update_fields=["settings"])
    for c in claims[:4]:
        c.refresh_from_db()
    approve_claims(claims[:3], actor)
    for c in claims[:2]:
        c.refresh_from_db()
        pay_claim(c, actor, ctx.today, f"JCGX-{year}-{c.pk:04d}")
    zone.settings["policy_publicity_days"] = 5
    zone.save(update_fields=["settings"])
    ctx.progress(f"政策兑现：确认 {len(claims)} 笔，核定 3 笔，拨付 2 笔")
