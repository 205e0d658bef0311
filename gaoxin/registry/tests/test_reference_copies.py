"""The schema and code lists shipped in the package equal the shared contract copies."""

from pathlib import Path

import pytest
from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[2]
PAIRS = [
    ("schema", PACKAGE / "transfer" / "schema", "*.yaml"),
    ("reference", PACKAGE / "registry" / "reference", "*.csv"),
]


@pytest.mark.parametrize(("shared_name", "local", "pattern"), PAIRS)
def test_package_copies_equal_shared(shared_name, local, pattern):
    shared = Path(settings.SHARED_DIR) / shared_name
    if not shared.exists():
        pytest.skip(f"{shared} not present")
    names = sorted(p.name for p in shared.glob(pattern))
    assert names == sorted(p.name for p in local.glob(pattern))
    for name in names:
        assert (local / name).read_bytes() == (shared / name).read_bytes(), name


def test_year_model_has_exactly_the_template_fields():
    from gaoxin.registry.models import FIGURE_FIELDS, EnterpriseYear
    from gaoxin.transfer.templates import load_template

    template = load_template("enterprise_year")
    assert ["uscc", "year", *FIGURE_FIELDS] == [c.field for c in template.columns]
    for column in template.columns[2:]:
        assert EnterpriseYear._meta.get_field(column.field).verbose_name == column.header
