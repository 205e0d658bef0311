import datetime as dt
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gaoxin.demo.builders import STEPS, DemoContext
from gaoxin.demo.organization import print_logins
from gaoxin.organization.models import Zone


class Command(BaseCommand):
    help = "Build the deterministic demo zone (组织、人员、企业、项目 …) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enterprises", type=int, default=2000, help="number of enterprises (default 2000)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--reset", action="store_true", help="erase ALL data first (flush)")
        parser.add_argument("--today", default=None, help="reference date YYYY-MM-DD (default: today)")

    def handle(self, *args, **options):
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        elif Zone.objects.exists():
            raise CommandError(
                "数据库中已有园区数据。演示数据只能装入空库；如需重建请加 --reset（将清空全部数据）。"
            )
        today = dt.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        ctx = DemoContext(
            seed=options["seed"],
            enterprises=options["enterprises"],
            rng=random.Random(options["seed"]),
            today=today,
            progress=lambda msg: self.stdout.write(f"  {msg}"),
        )
        for _, name, build in STEPS:
            self.stdout.write(f"生成演示数据：{name} …")
            started = time.perf_counter()
            with transaction.atomic():
                build(ctx)
            self.stdout.write(f"  用时 {time.perf_counter() - started:.1f} 秒")
        self.stdout.write(self.style.SUCCESS(f"演示园区已生成：{ctx.zone.name}"))
        print_logins(self.stdout, ctx.logins)
