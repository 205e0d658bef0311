"""gaoxin problems escalate: escalate overdue problems to their project's leader (run daily)."""

from django.core.management.base import BaseCommand

from gaoxin.core.context import Actor
from gaoxin.organization.zones import zone_named
from gaoxin.problems.actions import escalate_overdue


class Command(BaseCommand):
    help = "Problem ledger: escalate overdue problems to the project leader (escalate)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["escalate"])
        parser.add_argument("--zone", help="园区名称（默认：唯一的园区）")

    def handle(self, *args, **opts):
        count = escalate_overdue(zone_named(opts.get("zone")), Actor.system("超期升级"))
        self.stdout.write(f"已将 {count} 个超期问题升级至包抓领导")
