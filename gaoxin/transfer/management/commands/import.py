import json
import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from gaoxin.core.context import Actor
from gaoxin.organization.zones import current_zone
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import KINDS

from ._common import kind_named, progress_bar, resolve_user


class Command(BaseCommand):
    help = "导入 .xlsx / .csv 文件（全部行通过校验才写入，否则不写入任何数据）。Import a file of KIND."

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"数据类型：{', '.join(KINDS) or 'enterprises, …'}")
        parser.add_argument("file", help="要导入的 .xlsx 或 .csv 文件（UTF-8 或 GBK）")
        parser.add_argument("--dry-run", action="store_true", help="只校验、预览，不写入")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 对象")
        parser.add_argument("--sheet", default=None, help="要导入的工作表名称（工作簿中有多个时）")
        parser.add_argument("--user", default=None, help="以此账号的身份和权限导入（默认：系统）")

    def handle(self, *args, **options):
        current_zone()  # an empty database: "尚未初始化园区…", exit 1 (gaoxin.cli)
        kind = kind_named(options["kind"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        actor = Actor.system(note=f"import {path.name}", user=resolve_user(options["user"]))
        data = path.read_bytes()
        with progress_bar(f"导入{kind.label}", options["json"]) as bar:
            try:
                report = run_import(
                    kind,
                    data,
                    path.name,
                    actor,
                    dry_run=options["dry_run"],
                    progress=bar,
                    sheet_name=options["sheet"],
                )
            except PermissionDenied as exc:
                raise CommandError(str(exc))
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            self._print(report)
        if not report.ok:
            sys.exit(1)

    def _print(self, report):
        out = self.stdout
        if report.sheet_name:
            out.write(f"读取工作表：{report.sheet_name}")
        out.write(f"共 {report.rows} 行，校验通过 {report.valid} 行，写入 {report.committed} 行")
        if report.batch_id:
            c = report.counts
            out.write(f"新增 {c.created}，更新 {c.updated}，未变化 {c.unchanged}")
            for note in c.notes:
                out.write(self.style.WARNING(note))
        for issue in report.warnings:
            out.write(self.style.WARNING(f"提示：{issue}"))
        for issue in report.errors:
            out.write(self.style.ERROR(f"错误：{issue}"))
        if report.errors:
            out.write(self.style.ERROR("存在错误，未写入任何数据。"))
        elif report.dry_run:
            out.write(self.style.SUCCESS("校验通过（试运行，未写入）。"))
