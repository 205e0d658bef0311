"""One-time password sheets: the initial passwords of imported accounts, as an xlsx for the administrator
who imported them. Downloadable once (the content is erased on download); never written to a log."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from gaoxin.core.context import Actor
from gaoxin.transfer.writer import write_xlsx

from .models import PasswordSheet

HEADERS = ["账号", "姓名", "所属单位", "初始密码"]


def sheet_bytes(passwords) -> bytes:
    rows = [[u.username, u.full_name, u.unit.name if u.unit else "", p] for u, p in passwords]
    return write_xlsx(HEADERS, rows, title="初始密码")


def store_sheet(passwords, actor: Actor, batch=None) -> str:
    """Keep the sheet for the importing person (a page import) or write it to a 0600 file under the
    var directory (the installer's CLI). Returns the note telling them where it is."""
    from gaoxin.notifications.actions import notify

    content = sheet_bytes(passwords)
    if actor.user is None:
        folder = settings.VAR_DIR / "credentials"
        folder.mkdir(mode=0o700, exist_ok=True)
        path = _new_sheet_file(folder, f"初始密码-{timezone.localtime():%Y%m%d-%H%M%S}")
        path.write_bytes(content)
        return f"新开账号 {len(passwords)} 个，初始密码表（仅此一份）：{path}，交付本人后请删除该文件"
    sheet = PasswordSheet.objects.create(
        owner=actor.user, count=len(passwords), content=content, batch_id=getattr(batch, "pk", None)
    )
    notify(
        [actor.user],
        kind="organization.password_sheet",
        title=f"新开账号 {len(passwords)} 个，初始密码表可下载一次",
        url=f"/org/password-sheets/{sheet.pk}/",
    )
    return f"新开账号 {len(passwords)} 个，初始密码表请在“人员管理”中下载（仅可下载一次）"


def _new_sheet_file(folder, stem: str):
    """A file that did not exist (two imports within one second must not overwrite each other's
    passwords), created 0600 before anything is written to it."""
    import os

    for suffix in ["", *(f"-{n}" for n in range(2, 1000))]:
        path = folder / f"{stem}{suffix}.xlsx"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"{folder / stem}.xlsx")


def take(sheet: PasswordSheet) -> bytes | None:
    """The sheet's content, erased in the same step so it can be downloaded only once."""
    updated = PasswordSheet.objects.filter(pk=sheet.pk, downloaded_at__isnull=True).update(
        downloaded_at=timezone.now(), content=b""
    )
    return bytes(sheet.content) if updated else None
