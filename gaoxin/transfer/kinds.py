"""Import/export kinds: how an app plugs one spreadsheet template into the generic import and export.

The transfer app owns the mechanism — reading .xlsx/.csv (``reader``), parsing cells (``cells``), the
import page, the ``gaoxin import`` / ``gaoxin export`` commands, the API endpoint, the error report, the
``ImportBatch`` record and the all-or-nothing transaction. An app only describes its kind.

How to add a kind (e.g. ``projects`` in ``gaoxin/projects/transfer.py``)::

    from gaoxin.transfer.kinds import CommitCounts, Kind, ValidationResult, register

    class ProjectKind(Kind):
        name = "projects"                   # used in the CLI, URLs and the API
        label = "重点项目"
        template_name = "project"           # gaoxin/transfer/schema/project.yaml
        import_capability = "projects.import"
        export_capability = "projects.view"
        filterset_class = ProjectFilterSet  # optional: the list's filters also filter the export

        def validate(self, records, context):
            # records: [{field: parsed value, "_row": spreadsheet row}] — cells already parsed and typed.
            # Look up what exists in bulk (one query, not one per row); report Issue(row, header, reason).
            return ValidationResult(clean=[...], errors=[...], warnings=[...])

        def commit(self, clean, context, batch):
            # Runs inside the runner's transaction: any exception rolls the whole file back.
            # bulk_create / bulk_update plus gaoxin.core.actions.change_row(...) rows for the change log.
            return CommitCounts(created=n, updated=m, unchanged=k)

        def queryset(self, user):           # the rows ``user`` may export (scoped)
            ...

        def export_rows(self, queryset, user):  # {field: stored value} per row, fields as in the template
            ...

    # in ProjectsConfig.ready():
    from gaoxin.transfer.kinds import register
    register(ProjectKind())

That is all: the kind then appears on the import page, in ``gaoxin import projects FILE``,
``gaoxin export projects FILE.xlsx`` and ``POST /api/v1/transfer/import/projects``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .reader import Issue
from .sheet_templates import Template, load_template

__all__ = [
    "CommitCounts",
    "ImportContext",
    "Issue",
    "Kind",
    "ValidationResult",
    "all_kinds",
    "get_kind",
    "register",
]


@dataclass
class ImportContext:
    """Who imports what: passed to ``validate`` and ``commit``."""

    actor: object  # gaoxin.core.context.Actor
    dry_run: bool = False
    filename: str = ""
    fields: set[str] = field(default_factory=set)  # template fields present in the file
    #: Rows passed to ``validate`` although some of their cells were bad (row → those fields, now None):
    #: only for kinds with ``validates_partial_rows``, so one report names every error of a row.
    failed: dict[int, set[str]] = field(default_factory=dict)

    @property
    def user(self):
        return self.actor.user


@dataclass
class ValidationResult:
    clean: list = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


@dataclass
class CommitCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: What the person who imported must know afterwards (e.g. where the one-time password sheet is).
    notes: list[str] = field(default_factory=list)

    @property
    def committed(self) -> int:
        return self.created + self.updated + self.unchanged


class Kind:
    name: str = ""
    label: str = ""
    template_name: str = ""
    import_capability: str = ""
    export_capability: str = ""
    filterset_class = None
    #: True: ``validate`` also gets the rows with bad cells (those cells None, ``context.failed`` says
    #: which) and must not report a second error for them; the file is refused anyway.
    validates_partial_rows = False

    @property
    def template(self) -> Template:
        return load_template(self.template_name)

    def template_choices(self, user) -> dict[str, list[str]]:
        """Drop-down lists of the downloadable template beyond the template's own choices (field →
        values), e.g. the zone's unit names."""
        return {}

    def cell_checks(self) -> dict:
        """Optional {field: check(value) -> value} applied while parsing (may raise cells.CellError)."""
        return {}

    def validate(self, records: list[dict], context: ImportContext) -> ValidationResult:
        raise NotImplementedError

    def commit(self, clean: list, context: ImportContext, batch) -> CommitCounts:
        raise NotImplementedError

    def queryset(self, user):
        raise NotImplementedError

    def export_rows(self, queryset, user):
        raise NotImplementedError

    def export_queryset(self, user, params=None, request=None):
        """The scoped rows, filtered by the list's FilterSet when query parameters are given."""
        qs = self.queryset(user)
        if self.filterset_class is not None and params:
            qs = self.filterset_class(params, queryset=qs, request=request).qs
        return qs

    def __repr__(self):
        return f"<Kind {self.name}>"


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if not kind.name:
        raise ValueError("a Kind needs a name")
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"未知的数据类型“{name}”，可选：{'、'.join(KINDS)}")


def all_kinds() -> list[Kind]:
    return list(KINDS.values())
