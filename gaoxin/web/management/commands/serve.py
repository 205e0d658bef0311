from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from gaoxin.demo.management.commands.demo import print_logins
from gaoxin.demo.organization import LOGINS, demo_loaded
from gaoxin.organization.models import Zone
from gaoxin.organization.zones import ZONE_MISSING
from gaoxin.web.assets import VENDOR


class Command(BaseCommand):
    help = (
        "Migrate, load the demo zone if the database is empty, and serve on http://127.0.0.1:8000 (waitress)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-demo", action="store_true", help="do not load the demo zone into an empty database"
        )
        parser.add_argument("--enterprises", type=int, default=2000)
        parser.add_argument("--dev", action="store_true", help="Django's auto-reloading development server")

    def handle(self, *args, **options):
        if not (VENDOR / "tabler" / "tabler.min.css").exists():
            call_command("vendor_assets")
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"] and not Zone.objects.exists():
            call_command("demo", enterprises=options["enterprises"], stdout=self.stdout)
        else:
            self._announce()
        db = settings.DATABASES["default"]
        self.stdout.write(f"\n数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        self.stdout.write(
            self.style.SUCCESS(f"高新区运营平台已启动：http://{options['addr']}/  （Ctrl+C 停止）")
        )
        if options["dev"]:
            call_command("runserver", options["addr"], use_reloader=True)
            return
        from waitress import serve

        from gaoxin.wsgi import application

        host, port = options["addr"].rsplit(":", 1)
        serve(application, host=host, port=int(port), threads=8, ident="gaoxin")

    def _announce(self):
        """Demo logins only where the demo zone is; on an empty database, how to go live."""
        if demo_loaded():
            print_logins(self.stdout, LOGINS)
        elif not Zone.objects.exists():
            self.stdout.write(self.style.WARNING(f"\n{ZONE_MISSING}"))
            self.stdout.write(
                '  gaoxin zone init --name "园区全称" --short-name "简称" --division 行政区划代码'
            )
            self.stdout.write("  之后按 README“上线步骤”导入组织机构、人员和业务数据。")
        else:
            self.stdout.write(f"\n园区：{Zone.objects.order_by('pk').first().name}")
