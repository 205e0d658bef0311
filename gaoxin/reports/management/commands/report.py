"""gaoxin report monthly --month YYYY-MM --out FILE.pdf|xlsx|docx [--issued YYYY-MM-DD]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gaoxin.organization.zones import zone_named
from gaoxin.reports import bulletin, documents, render

WRITERS = {".pdf": render.pdf_bytes, ".xlsx": render.xlsx_bytes, ".docx": documents.monthly_docx}


class Command(BaseCommand):
    help = "Monthly bulletin (月度通报) of key projects and problems as PDF, xlsx or an editable docx 公文."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["monthly"])
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--out", required=True, help="输出文件 .pdf、.xlsx 或 .docx")
        parser.add_argument("--issued", help="印发日期 YYYY-MM-DD（默认：按园区设置）")
        parser.add_argument("--zone", help="园区名称（默认：唯一的园区）")

    def handle(self, *args, **opts):
        out = Path(opts["out"])
        suffix = out.suffix.lower()
        if suffix not in WRITERS:
            raise CommandError("输出文件须为 .pdf、.xlsx 或 .docx")
        try:
            issued = dt.date.fromisoformat(opts["issued"]) if opts.get("issued") else None
        except ValueError:
            raise CommandError(f"印发日期格式不正确：{opts['issued']}（应为 YYYY-MM-DD）")
        try:
            data = bulletin.monthly(zone_named(opts.get("zone")), opts["month"], issued_on=issued)
        except ValueError as exc:
            raise CommandError(str(exc))
        content = WRITERS[suffix](data)
        out.write_bytes(content)
        self.stdout.write(f"已生成 {out}（{len(content) // 1024} KB）")
