"""The code's shape, kept by tests (issue 9): reading the source, not running it.

- every ORM write lives in an action module (or one of the few places named below with their reason),
  security audit rows have one writer;
- no app imports another app's faces (views, forms, commands, API): shared page helpers are in gaoxin.web,
  shared checks in gaoxin.core;
- the bottom layers (core, engine) import nothing above them;
- below the faces, the apps depend on each other without cycles.
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
    "organization/password_sheets.py": "a one-time password sheet held for one download, never business state",
    "organization/passwords.py": "the password-history validator's password_changed hook (Django calls it)",
    "notifications/channels.py": "the delivery outbox of notifications",
    "assessment/runner.py": "a whole-zone assessment run stores its computed verdicts in bulk",
    "assessment/store.py": "idem (the verdicts' bulk store)",
    "policies/matching.py": "a matching run stores its computed matches in bulk",
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


def test_every_known_exception_still_writes():
    """The list only shrinks: an exception whose file is gone or no longer writes is dropped from it."""
    for relative in KNOWN_EXCEPTIONS:
        assert (ROOT / relative).exists(), f"{relative} is gone: drop it from KNOWN_EXCEPTIONS"
        tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
        assert list(_writes(tree)), f"{relative} writes no model any more: drop it from KNOWN_EXCEPTIONS"


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


APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
FACE_APPS = {"web"}  # the shared page helpers: a face through and through


def _is_face(parts: tuple[str, ...]) -> bool:
    """views, forms, commands, API, urls, template tags, demo steps and dashboard cards of an app."""
    if len(parts) < 2:
        return True
    stem = parts[1].removesuffix(".py")
    return (
        parts[0] in FACE_APPS
        or parts[1] in ("management", "templatetags", "views")
        or stem.startswith("views")
        or stem.endswith("forms")
        or stem in ("api", "api_schemas", "urls", "apps", "demo", "dashboard", "synthetic")
    )


def _imports(tree: ast.AST):
    """(line, dotted name) of every absolute import of a gaoxin module, ``from x import y`` as x.y too."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _app_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or parts[0] not in APPS or {"tests", "migrations"} & set(parts):
            continue
        yield parts, ast.parse(path.read_text(encoding="utf-8"))


def face_imports_across_apps() -> list[str]:
    found = []
    for parts, tree in _app_modules():
        for line, name in _imports(tree):
            dotted = name.split(".")
            if len(dotted) < 3 or dotted[0] != "gaoxin" or dotted[1] not in APPS or dotted[1] == parts[0]:
                continue
            if dotted[1] in FACE_APPS:
                continue  # gaoxin.web is where the shared page helpers belong
            module = dotted[2]
            if module in ("views", "forms", "management", "api") or module.startswith("views_"):
                found.append(f"gaoxin/{'/'.join(parts)}:{line}: {'.'.join(dotted[:3])}")
    return sorted(set(found))


def test_no_app_imports_another_apps_faces():
    """A page helper, a check or a lookup that two apps need lives below both (web, core, organization)."""
    assert face_imports_across_apps() == []


def test_bottom_layers_import_nothing_above_them():
    """core and engine are the bottom: core may use the engine, the engine (pure Polars) nothing of Django's apps."""
    allowed = {"core": ("core", "engine"), "engine": ("engine",)}
    found = []
    for layer, may_use in allowed.items():
        for path in sorted((ROOT / layer).rglob("*.py")):
            if "tests" in path.relative_to(ROOT).parts:
                continue
            for line, name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
                dotted = name.split(".")
                above = dotted[0] == "gaoxin" and len(dotted) > 1 and dotted[1] not in may_use
                if above and (ROOT / dotted[1]).is_dir():
                    found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert found == []


#: App pairs that still lean on each other below the faces, with the reason; the shorter the better.
KNOWN_CYCLES = {}


def app_dependencies() -> dict[str, dict[str, str]]:
    """app → {app it imports below the faces: the first place it does}."""
    graph: dict[str, dict[str, str]] = {app: {} for app in APPS}
    for parts, tree in _app_modules():
        if _is_face(parts):
            continue
        for line, name in _imports(tree):
            dotted = name.split(".")
            if len(dotted) > 1 and dotted[0] == "gaoxin" and dotted[1] in APPS and dotted[1] != parts[0]:
                graph[parts[0]].setdefault(dotted[1], f"gaoxin/{'/'.join(parts)}:{line}")
    return graph


def dependency_cycles(graph: dict[str, dict[str, str]], known=KNOWN_CYCLES) -> list[list[str]]:
    """Every elementary cycle's apps (depth-first from each app, reported once from its smallest member),
    leaving out the edges of the known pairs."""
    edges = {a: {b for b in targets if frozenset({a, b}) not in known} for a, targets in graph.items()}
    cycles = []

    def walk(start, node, path):
        for target in sorted(edges.get(node, ())):
            if target == start:
                cycles.append(path)
            elif target > start and target not in path:
                walk(start, target, path + [target])

    for app in sorted(edges):
        walk(app, app, [app])
    return cycles


def test_apps_depend_on_each_other_without_cycles():
    """problems builds on projects and points on assessment (never the reverse): a dependency cycle means
    two apps can only be understood, tested and changed together."""
    graph = app_dependencies()
    cycles = dependency_cycles(graph)
    assert cycles == [], [" → ".join(c + [c[0]]) + "  (" + graph[c[0]][c[1]] + ")" for c in cycles]


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b": ""}, "b": {"c": ""}, "c": {"a": ""}, "d": {"a": ""}}
    assert dependency_cycles(graph, known={}) == [["a", "b", "c"]]
    assert dependency_cycles(graph, known={frozenset({"b", "c"})}) == []
