"""gaoxin indicators report --period YYYY-MM [--unit NAME] [--json] [--out FILE.docx] | derive --year YYYY"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gaoxin.core.context import Actor
from gaoxin.indicators import actions
from gaoxin.indicators.jsonout import dumps
from gaoxin.indicators.periods import PeriodError
from gaoxin.indicators.report import Scope, ahead_text, percent_text, public, report
from gaoxin.organization.models import Unit, Zone


def _zone(name: str | None) -> Zone:
    zone = Zone.objects.filter(name=name).first() if name else Zone.objects.order_by("pk").first()
    if zone is None:
        raise CommandError(f"未找到园区：{name}" if name else "尚未初始化园区")
    return zone


class Command(BaseCommand):
    help = "经济运行监测: the monthly report of every indicator (report); derived counts from the registry (derive)."

    def add_arguments(self, parser):
        parser.add_argument("--zone", help="园区名称（默认：唯一的园区）")
        sub = parser.add_subparsers(dest="action", required=True)
        rep = sub.add_parser("report", help="各指标累计、同比、完成率、序时进度")
        rep.add_argument("--period", required=True, help="YYYY-MM")
        rep.add_argument("--unit", help="街道/园区名称（默认：全区）")
        rep.add_argument("--json", action="store_true")
        rep.add_argument("--out", help="另存为可编辑的 Word 公文（.docx）")
        derive = sub.add_parser("derive", help="按企业库数据计算派生指标")
        derive.add_argument("--year", type=int, required=True)

    def handle(self, *args, **opts):
        zone = _zone(opts.get("zone"))
        getattr(self, f"do_{opts['action']}")(zone, opts)

    def do_report(self, zone, opts):
        unit = None
        if opts.get("unit"):
            unit = Unit.objects.filter(zone=zone, name=opts["unit"]).first()
            if unit is None:
                raise CommandError(f"本园区没有名为“{opts['unit']}”的单位")
        try:
            data = report(Scope.whole_zone(zone), opts["period"], unit)
        except (PeriodError, ValueError) as exc:
            raise CommandError(str(exc))
        if opts["json"]:
            self.stdout.write(dumps(public(data)))
            return
        if opts.get("out"):
            self._write_docx(zone, data, opts["out"])
            return
        self.stdout.write(f"{data['unit']} 经济运行情况（{data['period']}）")
        for i in data["indicators"]:
            value = "—" if i["value"] is None else f"{i['value']}{i['unit']}"
            line = f"  {i['code']} {i['name']}：累计 {value}，同比 {percent_text(i['yoy'])}"
            if i["target"] is not None:
                line += f"，完成年度目标 {percent_text(i['completion'])}"
                if i["schedule"] is not None:
                    line += f"，{ahead_text(i['ahead'])}"
            self.stdout.write(line)

    def _write_docx(self, zone, data, out):
        # Imported here: the Word layout belongs to the reports app, the figures to this one.
        from gaoxin.reports.documents import economy_docx

        path = Path(out)
        if path.suffix.lower() != ".docx":
            raise CommandError("输出文件须为 .docx")
        path.write_bytes(economy_docx(zone, dt.date.fromisoformat(f"{data['period']}-01"), data))
        self.stdout.write(f"已生成 {path}")

    def do_derive(self, zone, opts):
        created, revised, unchanged = actions.refresh_derived(zone, opts["year"], Actor.system())
        self.stdout.write(
            f"派生指标（{opts['year']} 年）：新增 {created} 条，修订 {revised} 条，未变化 {unchanged} 条"
        )
