from django.core.management.base import BaseCommand

from gaoxin.web.assets import copy_vendor_assets


class Command(BaseCommand):
    help = "Copy the front-end assets installed by npm into gaoxin/web/static/vendor/."

    def handle(self, *args, **options):
        files = copy_vendor_assets()
        self.stdout.write(f"已复制 {len(files)} 个前端资源文件")
