"""The units import/export kind (组织机构): ``gaoxin import units FILE`` / the import page / export.

Rows name their parent by name or code (empty: directly under the root 管委会); a parent may come later
in the same file. A row whose name exists is that unit (renamed units keep their code: match by code
first). Unknown parents, cycles, a fifth level, a kind in the wrong level and duplicate names are row
errors, reported all at once before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gaoxin.transfer.kinds import CommitCounts, Issue, Kind, ValidationResult
from gaoxin.transfer.sheet_templates import load_template

from .choices import UNIT_LEVEL, UnitKind
from .models import Unit
from .zones import current_zone

KIND_BY_LABEL = {label: value for value, label in UnitKind.choices}
MAX_LEVEL = 4


@dataclass
class Node:
    name: str
    kind: str
    code: str = ""
    parent: str | None = None  # the parent's name (None: the root)
    unit: Unit | None = None  # the stored unit, if any
    row: int | None = None  # the file row, if the file names it
    parent_ref: str = ""
    children: list = field(default_factory=list)


class UnitKindTransfer(Kind):
    name = "units"
    label = "组织机构"
    template_name = "unit"
    import_capability = "units.manage"
    export_capability = "units.manage"

    @property
    def template(self):
        return load_template(self.template_name, Path(__file__).parent / "schema")

    def validate(self, records, context):
        zone = current_zone(context.user)
        units = list(Unit.objects.filter(zone=zone).select_related("parent"))
        root = next(u for u in units if u.parent_id is None)
        nodes = {u.name: Node(u.name, u.kind, u.code, u.parent.name if u.parent else None, u) for u in units}
        by_code = {u.code: u.name for u in units if u.code}
        result, rows = ValidationResult(), {}
        for rec in records:
            issues = self._read_row(rec, nodes, by_code, rows, root)
            result.errors += issues
        unplaced = set()
        for name in rows:
            issues = self._place(nodes[name], nodes, by_code, root)
            unplaced |= {name} if issues else set()
            result.errors += issues
        result.errors += _check_tree(nodes, unplaced)
        if not result.errors:
            result.clean = sorted((nodes[n] for n in rows), key=lambda n: _depth(n, nodes))
        return result

    def _read_row(self, rec, nodes, by_code, rows, root) -> list[Issue]:
        row, name, code = rec["_row"], (rec.get("name") or "").strip(), (rec.get("code") or "").strip()
        kind = KIND_BY_LABEL.get(rec.get("kind") or "")
        if name in rows:
            return [Issue(row, "单位名称", f"单位“{name}”在文件中重复（第 {nodes[name].row} 行）")]
        existing_name = by_code.get(code) if code else None
        if existing_name and existing_name != name and nodes[existing_name].row is None and name not in nodes:
            node = nodes.pop(existing_name)  # the coded unit renamed by this row
            node.name = name
            nodes[name] = node
            for other in nodes.values():
                other.parent = name if other.parent == existing_name else other.parent
        elif existing_name and existing_name != name:
            return [Issue(row, "单位编码", f"编码“{code}”已用于单位“{existing_name}”")]
        node = nodes.get(name) or Node(name, kind)
        node.kind, node.row, node.parent_ref = kind, row, (rec.get("parent") or "").strip()
        node.code = code or node.code
        if node.code:
            by_code[node.code] = name
        nodes[name], rows[name] = node, rec
        if node.unit is not None and node.unit.parent_id is None:
            return (
                []
                if kind == UnitKind.COMMITTEE and not node.parent_ref
                else [Issue(row, "上级单位", f"“{name}”是根单位（管委会），不能调整上级或类型")]
            )
        if kind == UnitKind.COMMITTEE:
            return [Issue(row, "单位类型", f"园区已有管委会“{root.name}”，其他单位不能为管委会")]
        return []

    def _place(self, node: Node, nodes, by_code, root) -> list[Issue]:
        if node.unit is not None and node.unit.parent_id is None:
            return []
        ref = node.parent_ref
        parent = root.name if not ref else (ref if ref in nodes else by_code.get(ref))
        if parent is None:
            return [Issue(node.row, "上级单位", f"找不到上级单位“{ref}”（按名称或编码，文件和系统中均无）")]
        if parent == node.name:
            return [Issue(node.row, "上级单位", "上级单位不能是本单位")]
        node.parent = parent
        if (closed := nodes[parent].unit) is not None and closed.is_closed:
            return [Issue(node.row, "上级单位", f"上级单位“{parent}”已撤销")]
        return []

    def commit(self, clean, context, batch):
        from .unit_actions import create_unit, update_unit

        zone, actor = current_zone(context.user), context.actor
        counts = CommitCounts()
        for node in clean:
            parent = Unit.objects.get(zone=zone, name=node.parent) if node.parent else None
            if node.unit is None:
                create_unit(
                    zone, {"name": node.name, "kind": node.kind, "parent": parent, "code": node.code}, actor
                )
                counts.created += 1
                continue
            unit = Unit.objects.get(pk=node.unit.pk)
            changes = {"name": node.name, "kind": node.kind, "code": node.code}
            if unit.parent_id is not None:
                changes["parent"] = parent
            before = (unit.name, unit.kind, unit.code, unit.parent_id)
            unit = update_unit(unit, changes, actor)
            if before == (unit.name, unit.kind, unit.code, unit.parent_id):
                counts.unchanged += 1
            else:
                counts.updated += 1
        return counts

    def queryset(self, user):
        return Unit.objects.filter(zone=current_zone(user), closed_on__isnull=True)

    def export_rows(self, queryset, user):
        for unit in queryset.select_related("parent").order_by("path"):
            yield {
                "name": unit.name,
                "parent": unit.parent.name if unit.parent else None,
                "kind": unit.get_kind_display(),
                "code": unit.code,
            }


def _check_tree(nodes: dict[str, Node], unplaced: set[str]) -> list[Issue]:
    """Cycles, the four-level limit (also for stored units moved along with a parent the file moves) and
    where each kind may sit (管委会 → 部门/街道·镇/产业园 → 村·社区)."""
    issues, cyclic = [], set()
    for node in nodes.values():
        if node.row is None or node.name in cyclic or node.name in unplaced:
            continue
        chain = _chain(node, nodes)
        if chain is None:
            cyclic.add(node.name)
            issues.append(Issue(node.row, "上级单位", f"上级关系成环：“{node.name}”最终又成为自己的上级"))
    if issues:
        return issues
    for node in nodes.values():
        if node.name in unplaced or any(n.name in unplaced for n in _chain(node, nodes)):
            continue
        level = len(_chain(node, nodes))
        if node.row is not None and level < UNIT_LEVEL.get(node.kind, 1):
            parent = nodes[node.parent]
            label, parent_label = UnitKind(node.kind).label, UnitKind(parent.kind).label
            issues.append(Issue(node.row, "单位类型", f"{label}不能设在{parent_label}“{parent.name}”之下"))
        if level > MAX_LEVEL:
            culprit = next((n for n in _chain(node, nodes) if n.row is not None), None)
            if culprit is not None:
                below = "" if culprit is node else f"（其下级单位“{node.name}”）"
                issues.append(
                    Issue(
                        culprit.row,
                        "上级单位",
                        f"“{culprit.name}”{below}将成为第 {level} 级，单位层级最多四级",
                    )
                )
    return [Issue(*t) for t in sorted({(i.row, i.column, i.message) for i in issues})]


def _chain(node: Node, nodes: dict) -> list[Node] | None:
    """The node and its ancestors up to the root; None when the parents run in a circle."""
    chain, seen = [node], {node.name}
    while node.parent is not None:
        node = nodes[node.parent]
        if node.name in seen:
            return None
        chain.append(node)
        seen.add(node.name)
    return chain


def _depth(node: Node, nodes: dict) -> int:
    depth, seen = 1, set()
    while node.parent is not None and node.name not in seen:
        seen.add(node.name)
        node = nodes[node.parent]
        depth += 1
    return depth
