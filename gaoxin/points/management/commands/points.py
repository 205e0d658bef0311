"""gaoxin points --year Y [--reference ID]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "计算企业创新积分（参照群体默认为本区企业），保存积分及其构成"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="积分年度")
        parser.add_argument("--reference", type=int, help="已导入参照表的编号（默认：本区企业）")

    def handle(self, *args, year, reference=None, **opts):
        from gaoxin.core.context import Actor
        from gaoxin.organization.zones import current_zone
        from gaoxin.points.actions import run_points
        from gaoxin.points.compute import PointsUnavailable
        from gaoxin.points.models import ReferenceTable

        current_zone()
        table = ReferenceTable.objects.filter(pk=reference).first() if reference else None
        if reference and table is None:
            raise CommandError(f"没有编号为 {reference} 的参照表")
        try:
            run = run_points(year, Actor.system("points"), table)
        except PointsUnavailable as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"{year} 年度创新积分已计算：{run.count} 家企业（参照：{run.reference_label}）")
