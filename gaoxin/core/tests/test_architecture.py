"""The code's shape, kept by tests (issue 9): reading the source, not running it.

- every ORM write lives in an action module (or one of the few places named below with their reason),
  security audit rows have one writer;
"""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]  # the gaoxin package
WRITE_METHODS = {"save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create",
                 "update_or_create"}  # fmt: skip
QUERY_HINTS = ("objects", "filter(", "exclude(", ".all(", "select_for_update(", "using(", "qs", "queryset")


def _is_allowed_module(path: str) -> bool:
    """Modules whose job is to write: actions, import commits, migrations, demo data, signals, tests."""
    parts = path.split("/")
    name = parts[-1]
    return (
        name == "actions.py"
        or name.endswith("_actions.py")
        or "actions" in parts[:-1]  # an app's actions/ package (one module per concept)
        or name in ("transfer.py", "signals.py", "demo.py", "synthetic.py", "conftest.py")
        or name.endswith("_transfer.py")  # an app's import kinds: validated bulk commits
        or path in ("transfer/importer.py", "transfer/jobs.py", "core/bulk.py")  # the import commit
        or bool({"migrations", "tests", "demo"} & set(parts[:-1]))
    )


#: Places that write outside an action, each for a reason; the shorter this list, the better.
KNOWN_EXCEPTIONS = {
    "core/work.py": "task bookkeeping: a queued task's progress and result rows (TaskRun), not business state",
    "core/api_auth.py": "stamps a token's last use on authentication",
    "core/models/tokens.py": "ApiToken.issue, the factory that organization.actions.issue_token calls",
    "organization/models.py": "Unit.save keeps the unit's materialised path",
    "organization/security.py": "login-failure counters and locks: conditional UPDATEs during authentication",
    "organization/onboarding.py": "init_zone, the first-run action of the CLI (writes its change rows)",
    "organization/password_sheets.py": "a one-time password sheet held for one download, never business state",
    "notifications/channels.py": "the delivery outbox of notifications",
    "assessment/runner.py": "a whole-zone assessment run stores its computed verdicts in bulk",
    "assessment/store.py": "idem (the verdicts' bulk store)",
    "points/compute.py": "a points run stores its computed scores in bulk",
    "policies/matching.py": "a matching run stores its computed matches in bulk",
    "policies/library.py": "store_doc writes a checked policy file through create/update_object, clauses gone",
}


def _writes(tree: ast.AST):
    """(line, text) of every call that looks like an ORM write."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method not in WRITE_METHODS:
            continue
        receiver = ast.unparse(node.func.value)
        if method in ("save", "delete") and node.args:
            continue  # workbook.save(buffer), cache.delete(key): not a model
        if method == "save" and any(k.arg == "commit" for k in node.keywords):
            continue  # form.save(commit=False) builds an instance, writes nothing
        if method in ("update", "create") and (node.args or not any(h in receiver for h in QUERY_HINTS)):
            continue  # dict.update(...), context.update(key=…): not a queryset
        yield node.lineno, f"{receiver}.{method}"


def model_writes_outside_actions(root: pathlib.Path = ROOT) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if _is_allowed_module(relative) or relative in KNOWN_EXCEPTIONS:
            continue
        for line, text in _writes(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"gaoxin/{relative}:{line}: {text}")
    return found


def test_model_writes_live_in_actions():
    """Pages, API, commands and helpers never write models: every state change is an action
    (state + change row + event together). Move the write into the app's actions or name it above."""
    assert model_writes_outside_actions() == []


def test_every_known_exception_still_exists():
    for relative in KNOWN_EXCEPTIONS:
        assert (ROOT / relative).exists(), f"{relative} is gone: drop it from KNOWN_EXCEPTIONS"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Token.objects.filter(user=u).delete()", ["Token.objects.filter(user=u).delete"]),
        ("form.save()", ["form.save"]),
        ("Project.objects.filter(pk=1).update(x=1)", ["Project.objects.filter(pk=1).update"]),
        ("context.update(a=1)\nbook.save(buffer)\nform.save(commit=False)\nd.update(other)", []),
    ],
)
def test_the_scan_sees_writes(source, expected):
    assert [text for _, text in _writes(ast.parse(source))] == expected


def test_security_events_have_one_writer():
    """Every security audit row goes through core.actions.record_security_event (one shape, one place)."""
    writers = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "tests" in relative.split("/") or relative == "core/actions.py":
            continue
        for _, text in _writes(ast.parse(path.read_text(encoding="utf-8"))):
            if text.startswith("SecurityEvent."):
                writers.append(f"{relative}: {text}")
    assert writers == []
