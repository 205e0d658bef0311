"""gaoxin policies load FILE.yaml|DIR · gaoxin policies match --year Y [--input FILE] [--policies FILE|DIR]
[--out FILE.csv|xlsx] [--json]"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "政策库：load 载入政策文件（全部校验通过才保存）；match 政策匹配（--input 评估文件，不读写数据库）。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="载入政策文件（.yaml）或目录")
        load.add_argument("path", help="政策文件或目录")
        load.add_argument("--no-match", action="store_true", help="载入后不立即匹配")
        m = sub.add_parser("match", help="政策匹配：每家企业 × 每个条款一行")
        m.add_argument("--year", type=int, required=True, help="享受（申报）年度 Y")
        m.add_argument("--input", help="企业年度数据模板 .xlsx/.csv（同 assess --input），不读数据库")
        m.add_argument("--policies", help="使用这些政策文件或目录，而不是已保存的政策库")
        m.add_argument("--out", help="输出 .csv / .xlsx")
        m.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")

    def handle(self, *args, action, **opts):
        if action == "load":
            return self._load(opts["path"], not opts["no_match"])
        return self._match(
            opts["year"], opts.get("input"), opts.get("policies"), opts.get("out"), opts["json"]
        )

    def _load(self, path, match):
        from gaoxin.core.context import Actor
        from gaoxin.policies.actions import load_policies

        p = Path(path)
        files = sorted([*p.glob("*.yaml"), *p.glob("*.yml")]) if p.is_dir() else [p]
        if not files or not all(f.is_file() for f in files):
            raise CommandError(f"找不到政策文件：{path}")
        try:
            loaded = load_policies(
                [(f.name, f.read_text(encoding="utf-8")) for f in files], Actor.system("policies load"), match
            )
        except ValidationError as exc:
            raise CommandError("政策文件有误，未载入任何内容：\n" + "\n".join(exc.messages))
        for policy, changed in loaded:
            state = "已载入" if changed else "无变化"
            self.stdout.write(f"{policy.code} {policy.name}：{policy.clauses.count()} 个条款，{state}")

    def _match(self, year, input_path, policies, out, as_json):
        from gaoxin.engine.clause_results import cli_table
        from gaoxin.engine.clauses import match
        from gaoxin.engine.policyfile import PolicyFileError, all_clauses, read_path

        try:
            clauses = all_clauses(read_path(policies)) if policies else self._stored(year)
        except PolicyFileError as exc:
            raise CommandError("政策文件有误：\n" + "\n".join(exc.errors))
        if input_path:
            from gaoxin.assessment.filemode import InputFileError, held_lists, read_input

            try:
                years, ents = read_input(input_path)
            except InputFileError as exc:
                raise CommandError(f"输入文件有误：\n{exc}")
            except (OSError, ValueError) as exc:
                raise CommandError(str(exc))
            result = match(years, held_lists(ents, year), year, clauses)
        else:
            from gaoxin.policies.matching import evaluate_zone

            result, _ = evaluate_zone(year, clauses)
        table = cli_table(result)
        if out:
            from gaoxin.assessment.filemode import write_table

            try:
                write_table(table, out)
            except ValueError as exc:
                raise CommandError("输出文件应为 .csv 或 .xlsx") from exc
            self.stdout.write(f"已写入 {out}：{table.height} 行")
        elif as_json:
            rows = [
                {k: (str(v) if v is not None and k == "金额（元）" else v) for k, v in r.items()}
                for r in table.iter_rows(named=True)
            ]
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        else:
            self.stdout.write(table.write_csv())

    def _stored(self, year):
        from gaoxin.policies.library import engine_clauses, live_clauses

        try:
            return [c for c in engine_clauses(live_clauses(year)) if c.in_force(year)]
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages))
