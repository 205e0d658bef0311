from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gaoxin.organization.zones import current_zone
from gaoxin.transfer.exporting import export_bytes
from gaoxin.transfer.kinds import KINDS

from ._common import kind_named, resolve_user


class Command(BaseCommand):
    help = "导出为 .xlsx 或 .csv（与导入模板表头一致，可原样再导入）。Export KIND to FILE."

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"数据类型：{', '.join(KINDS) or 'enterprises, …'}")
        parser.add_argument("file", help="输出文件，.xlsx 或 .csv")
        parser.add_argument("--user", default=None, help="按此账号的数据范围导出（默认：全部）")

    def handle(self, *args, **options):
        current_zone()  # an empty database: "尚未初始化园区…", exit 1 (gaoxin.cli)
        kind = kind_named(options["kind"])
        path = Path(options["file"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError("输出文件须为 .xlsx 或 .csv")
        user = resolve_user(options["user"])
        data, count = export_bytes(kind, user, fmt)
        path.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 行到 {path}"))
