"""政策找人: one engine pass over the zone for the clauses in force, stored per run, and the messages to
the matched enterprises' users and their 包联干部. A run replaces the stored rows of its year for the
clauses it evaluated (all published policies, or the one policy just loaded or changed)."""

from __future__ import annotations

import time

import polars as pl
from django.db import transaction
from django.urls import reverse

from gaoxin.assessment.frames import build_frames
from gaoxin.assessment.runner import zone_setting
from gaoxin.engine.clauses import match
from gaoxin.engine.units import format_fen

from .choices import NEAR_SHARE, Outcome
from .library import engine_clauses, live_clauses
from .models import Match, MatchRun

BATCH = 5000


def evaluate_zone(year: int, clauses: list, enterprises=None):
    """(engine result, frames) for every enterprise (or a queryset of them)."""
    frames = build_frames(year, enterprises)
    return match(frames.years, frames.enterprises, year, clauses), frames


def run_match(year: int, actor, policy=None, progress=None) -> MatchRun:
    step = progress or (lambda message: None)
    rows = live_clauses(year, policy)
    clauses = [c for c in engine_clauses(rows) if c.in_force(year)]
    started = time.perf_counter()
    step(f"读取企业数据，匹配 {len(clauses)} 个条款")
    result, frames = evaluate_zone(year, clauses)
    share = float(zone_setting(*NEAR_SHARE, getattr(actor, "user", None)))
    long = result.long(near_share=share)
    ids = frames.enterprises.select("uscc", "enterprise_id")
    long = long.join(ids, on="uscc", how="inner")
    pks = {c.key: c.meta["pk"] for c in clauses}
    summary = result.summary()
    run = MatchRun(
        year=year, policy=policy, user_name=actor.name, enterprise_count=frames.enterprises.height,
        clause_count=len(clauses), matched=int(summary["matched"].sum() or 0),
        amount_fen=int(summary["amount_fen"].sum() or 0),
    )  # fmt: skip
    step(f"保存 {long.height} 条匹配结果")
    with transaction.atomic():
        run.save()
        before = _matched_before(year, list(pks.values()))
        Match.objects.filter(year=year, clause_id__in=[c.pk for c in rows]).delete()
        _store(run, long, pks, year)
        run.stored = long.height
        run.seconds = round(time.perf_counter() - started, 3)
        run.save()
        new = set(
            Match.objects.filter(run=run, verdict=Outcome.MATCH, excluded="").values_list(
                "enterprise_id", "clause_id"
            )
        )
        _notify(new - before, year, actor)
    return run


def _matched_before(year: int, clause_ids: list[int]) -> set[tuple[int, int]]:
    qs = Match.objects.filter(year=year, clause_id__in=clause_ids, verdict=Outcome.MATCH, excluded="")
    return set(qs.values_list("enterprise_id", "clause_id"))


def _store(run: MatchRun, long: pl.DataFrame, pks: dict, year: int) -> None:
    frame = long.select(
        "enterprise_id", pl.col("clause").replace_strict(pks, return_dtype=pl.Int64).alias("clause_id"),
        pl.col("verdict").cast(pl.String), "amount_fen",
        pl.when(pl.col("verdict") == "不符合").then(pl.col("gap_steps")).alias("gap_fen"),
        pl.col("gap_text").fill_null(""), pl.col("missing").fill_null(""), pl.col("excluded").fill_null(""),
    )  # fmt: skip
    for chunk in frame.iter_slices(BATCH):
        Match.objects.bulk_create(
            Match(run=run, year=year, enterprise_id=e, clause_id=c, verdict=v, amount_fen=a, gap_fen=g,
                  gap_text=t[:200], missing=m, excluded=x[:200])
            for e, c, v, a, g, t, m, x in chunk.iter_rows()
        )  # fmt: skip


def _notify(pairs: set[tuple[int, int]], year: int, actor) -> None:
    """One message per enterprise user for the clauses newly matched, one per 包联干部 for his enterprises."""
    if not pairs:
        return
    from gaoxin.notifications.actions import notify
    from gaoxin.registry.models import Enterprise

    from .models import Clause

    by_enterprise: dict[int, list[int]] = {}
    for e, c in pairs:
        by_enterprise.setdefault(e, []).append(c)
    enterprises = Enterprise.objects.in_bulk(list(by_enterprise))
    clauses = Clause.objects.in_bulk([c for _, c in pairs])
    amounts = dict(
        ((m.enterprise_id, m.clause_id), m.amount_fen)
        for m in Match.objects.filter(year=year, verdict=Outcome.MATCH, enterprise_id__in=list(by_enterprise))
    )
    url = reverse("policies:mine")
    per_liaison: dict[int, list] = {}
    for pk, clause_ids in by_enterprise.items():
        ent = enterprises[pk]
        lines = [f"{clauses[c].name}（{format_fen(amounts.get((pk, c)))}）" for c in sorted(clause_ids)]
        users = [a.user for a in ent.accounts.select_related("user")]
        notify(
            users, kind="policies.matched", title=f"贵企业可享受 {len(lines)} 项政策（{year} 年度）",
            body="；".join(lines), url=url, actor=actor, dedupe_key=f"policies.matched:{year}:{pk}:{sorted(clause_ids)}",
        )  # fmt: skip
        if ent.liaison_id:
            per_liaison.setdefault(ent.liaison_id, []).append(ent)
    if per_liaison:
        from gaoxin.organization.models import User

        people = User.objects.in_bulk(list(per_liaison))
        for uid, ents in per_liaison.items():
            names = "、".join(e.name for e in ents[:5]) + ("等" if len(ents) > 5 else "")
            notify(
                [people[uid]], kind="policies.matched_liaison",
                title=f"包联企业新匹配政策：{len(ents)} 家（{year} 年度）", body=f"{names}，请提醒企业确认享受意愿。",
                url=reverse("policies:pending"), actor=actor,
            )  # fmt: skip
