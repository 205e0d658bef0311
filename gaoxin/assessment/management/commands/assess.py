"""gaoxin assess --year Y [--input FILE] [--rules hte,tsme,…] [--out FILE] [--explain USCC]"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from gaoxin.assessment.choices import RULES


def rule_list(text: str | None) -> list[str] | None:
    if not text:
        return None
    rules = [r.strip() for r in text.split(",") if r.strip()]
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise CommandError(f"未知资质：{'、'.join(unknown)}（可选：{','.join(RULES)}）")
    return rules


class Command(BaseCommand):
    help = "资质评估：按评估（申报）年度评估企业。--input 评估文件（不读写数据库），否则评估全区并保存结果。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="评估（申报）年度 Y；各规则按其文件读取相应会计年度"
        )
        parser.add_argument("--input", help="企业年度数据模板 .xlsx/.csv（可含企业信息列和“持有资质”列）")
        parser.add_argument("--rules", help="只评估这些资质，逗号分隔：" + ",".join(RULES))
        parser.add_argument("--out", help="输出 .csv / .xlsx / .parquet（每企业每资质一行）")
        parser.add_argument("--explain", metavar="USCC", help="打印一家企业的中文评估说明")
        parser.add_argument("--gazelle-preset", help="瞪羚口径（默认取园区设置）")

    def handle(
        self, *args, year, input=None, rules=None, out=None, explain=None, gazelle_preset=None, **opts
    ):
        rules = rule_list(rules)
        if input:
            assessment = self._file(input, year, rules, gazelle_preset)
        else:
            from gaoxin.organization.zones import current_zone

            current_zone()  # the database mode needs a zone (the file mode does not)
            assessment = self._database(year, rules)
        self._output(assessment, out, explain)

    def _file(self, path, year, rules, preset):
        from gaoxin.assessment.filemode import InputFileError, assess_file

        try:
            return assess_file(path, year, rules, preset or "jinan_hitech_zone_2016")
        except InputFileError as exc:
            raise CommandError(f"输入文件有误：\n{exc}")
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc))

    def _database(self, year, rules):
        from django.core.exceptions import ValidationError
        from tqdm import tqdm

        from gaoxin.assessment.actions import run_assessment
        from gaoxin.core.context import Actor

        with tqdm(total=3, file=sys.stderr, desc="资质评估", unit="步") as bar:

            def step(message):
                if bar.n or message != "读取企业数据":
                    bar.update(1)
                bar.set_postfix_str(message)

            try:
                run = run_assessment(year, Actor.system("assess"), rules, step)
            except ValidationError as exc:  # e.g. a year without data: the reason, not a traceback
                raise CommandError("；".join(exc.messages))
            bar.update(bar.total - bar.n)
        counts = "；".join(
            f"{RULES.get(r, r)} " + "、".join(f"{k} {n}" for k, n in c.items()) for r, c in run.counts.items()
        )
        self.stdout.write(
            f"{year} 年度评估完成：{run.enterprise_count} 家企业，{run.verdict_count} 条结论（{run.seconds} 秒）。{counts}"
        )
        return run.assessment

    def _output(self, assessment, out, explain):
        from gaoxin.assessment.filemode import write_table
        from gaoxin.engine import cli_table
        from gaoxin.engine import explain as explain_text

        if explain:
            if explain not in assessment.results["uscc"].to_list():
                raise CommandError(f"评估结果中没有统一社会信用代码为 {explain} 的企业")
            self.stdout.write(explain_text(assessment, explain))
        if out:
            write_table(cli_table(assessment), out)
            self.stdout.write(f"已写入 {out}")
        elif not explain:
            table = cli_table(assessment)
            self.stdout.write(table.select(table.columns[:4]).write_csv())
