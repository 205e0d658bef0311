"""gaoxin projects stats --year YYYY [--json] | remind | rank --kind … --period … [--publish]"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gaoxin.core.context import Actor
from gaoxin.organization.zones import zone_named
from gaoxin.projects.actions import ranking
from gaoxin.projects.actions.reporting import send_reminders
from gaoxin.projects.choices import RankingKind, RankingSeries
from gaoxin.projects.models import Project
from gaoxin.projects.stats import DEFINITIONS, command_stats


class Command(BaseCommand):
    help = (
        "Key projects: cohort rates (stats), reminders for late dispatch reports (remind), rankings (rank)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zone", help="园区名称（默认：唯一的园区）")
        sub = parser.add_subparsers(dest="action", required=True)
        stats = sub.add_parser("stats", help="开工率、投产率、投资完成率（按签约年度）")
        stats.add_argument("--year", type=int, required=True)
        stats.add_argument("--json", action="store_true")
        sub.add_parser("remind", help="向未按时调度的项目发出催报")
        rank = sub.add_parser("rank", help="测算或发布红黑榜 / 骏马奖·蜗牛奖")
        rank.add_argument("--kind", choices=RankingKind.values, default="monthly")
        rank.add_argument("--period", required=True, help="2026-05 / 2026-Q2 / 2026")
        rank.add_argument("--series", choices=RankingSeries.values, default="department")
        rank.add_argument("--publish", action="store_true")

    def handle(self, *args, **opts):
        zone = zone_named(opts.get("zone"))
        getattr(self, f"do_{opts['action']}")(zone, opts)

    def do_stats(self, zone, opts):
        data = command_stats(zone, opts["year"])
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        pct = lambda v: "—" if v is None else f"{v * 100:.1f}%"  # noqa: E731
        self.stdout.write(
            f"{data['year']}年签约项目 {data['signed']} 个，总投资 {data['signed_investment']:,.2f} 元"
        )
        self.stdout.write(f"  已开工 {data['started']} 个，开工率 {pct(data['start_rate'])}")
        self.stdout.write(f"  已投产 {data['in_production']} 个，投产率 {pct(data['production_rate'])}")
        self.stdout.write(f"  签约项目年度投资完成率 {pct(data['investment_completion'])}")
        self.stdout.write(f"  年度投资完成率（在库项目，不含已终止）{pct(data['in_stock']['completion'])}")
        for name, text in DEFINITIONS.items():
            self.stdout.write(f"  {name}：{text}")

    def do_remind(self, zone, opts):
        count = send_reminders(Project.objects.filter(zone=zone), zone, Actor.system("催报"))
        self.stdout.write(f"已向 {count} 个未按时调度的项目发出催报")

    def do_rank(self, zone, opts):
        args = (zone, opts["kind"], opts["period"], opts["series"])
        try:
            if opts["publish"]:
                snap = ranking.publish(*args, Actor.system("发布榜单"))
                rows = snap.results
            else:
                rows = ranking.compute(*args)["results"]
        except (ValidationError, ValueError) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)])))
        for r in rows:
            flag = "红" if r["red"] else "黑" if r["black"] else ("豁免" if r["exempt"] else "")
            self.stdout.write(f"{r['rank']:>3}  {r['unit']:<12}{r['score']:>7.2f}  {flag}")
