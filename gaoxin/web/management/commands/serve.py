import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from gaoxin.demo.organization import LOGINS, demo_loaded, print_logins
from gaoxin.organization.models import Zone
from gaoxin.organization.zones import ZONE_MISSING
from gaoxin.web.assets import VENDOR


def start_task_worker() -> subprocess.Popen:
    """``gaoxin worker`` as a child process, so one command runs the whole demo (README command 1)."""
    return subprocess.Popen([sys.executable, "-m", "gaoxin.cli", "worker"], env=os.environ.copy())


def stop_task_worker(worker: subprocess.Popen | None) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)  # finishes its current task, then exits
    try:
        worker.wait(30)
    except subprocess.TimeoutExpired:
        worker.kill()  # the reaper marks its task failed at the next start


def serve(addr: str, workers: int, threads: int) -> None:
    """gunicorn (POSIX) with ``workers`` processes × ``threads`` threads; waitress where it cannot run."""
    from django.db import connections

    from gaoxin.wsgi import application

    connections.close_all()  # the forked server processes must not share the migrate step's connection
    host, port = addr.rsplit(":", 1)
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # e.g. Windows: one process, as before
        from waitress import serve as waitress_serve

        waitress_serve(application, host=host, port=int(port), threads=threads, ident="gaoxin")
        return

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {"bind": addr, "workers": workers, "threads": threads,
                               "worker_class": "gthread", "accesslog": None, "timeout": 120,
                               "graceful_timeout": 20, "keepalive": 5}.items():  # fmt: skip
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()


class Command(BaseCommand):
    help = (
        "Migrate, load the demo zone if the database is empty, start the background task worker, and serve on"
        " http://127.0.0.1:8000 (gunicorn: --workers processes × --threads threads)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-demo", action="store_true", help="do not load the demo zone into an empty database"
        )
        parser.add_argument("--enterprises", type=int, default=2000)
        parser.add_argument("--dev", action="store_true", help="Django's auto-reloading development server")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="server processes (default: cores)"
        )
        parser.add_argument("--threads", type=int, default=8, help="threads per server process")
        parser.add_argument(
            "--no-task-worker", action="store_true", help="do not start `gaoxin worker` beside the server"
        )

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
        worker = None if options["no_task_worker"] else start_task_worker()
        try:
            if options["dev"]:
                call_command("runserver", options["addr"], use_reloader=True)
            else:
                serve(options["addr"], options["workers"], options["threads"])
        finally:
            stop_task_worker(worker)

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
