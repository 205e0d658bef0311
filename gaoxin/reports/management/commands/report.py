"""gaoxin report monthly --month YYYY-MM --out FILE.pdf|xlsx"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gaoxin.projects.management.commands.projects import zone_named
from gaoxin.reports import bulletin, render


class Command(BaseCommand):
    help = "Monthly bulletin (月度通报) of key projects and problems as PDF or xlsx."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["monthly"])
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--out", required=True, help="输出文件 .pdf 或 .xlsx")
        parser.add_argument("--zone", help="园区名称（默认：唯一的园区）")

    def handle(self, *args, **opts):
        out = Path(opts["out"])
        if out.suffix.lower() not in (".pdf", ".xlsx"):
            raise CommandError("输出文件须为 .pdf 或 .xlsx")
        try:
            data = bulletin.monthly(zone_named(opts.get("zone")), opts["month"])
        except ValueError as exc:
            raise CommandError(str(exc))
        content = render.pdf_bytes(data) if out.suffix.lower() == ".pdf" else render.xlsx_bytes(data)
        out.write_bytes(content)
        self.stdout.write(f"已生成 {out}（{len(content) // 1024} KB）")
