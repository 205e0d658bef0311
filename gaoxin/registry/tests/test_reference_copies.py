"""The schema and code lists shipped in the package equal the contract copies in the repository's test
data (tests/contract/), and those equal the shared contract (../shared/) whenever it is present."""

from pathlib import Path

import pytest
from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[2]
CONTRACT = PACKAGE.parent / "tests" / "contract"
PAIRS = [
    ("schema", PACKAGE / "transfer" / "schema", "*.yaml"),
    ("reference", PACKAGE / "registry" / "reference", "*.csv"),
]


def _assert_same_files(expected: Path, actual: Path, pattern: str) -> None:
    names = sorted(p.name for p in expected.glob(pattern))
    assert names, f"no {pattern} in {expected}"
    assert names == sorted(p.name for p in actual.glob(pattern))
    for name in names:
        assert (actual / name).read_bytes() == (expected / name).read_bytes(), name


@pytest.mark.parametrize(("shared_name", "local", "pattern"), PAIRS)
def test_package_copies_equal_the_contract(shared_name, local, pattern):
    _assert_same_files(CONTRACT / shared_name, local, pattern)
    shared = Path(settings.SHARED_DIR) / shared_name
    if shared.exists():  # beside the shared contract: the repository's copy is the current one
        _assert_same_files(shared, CONTRACT / shared_name, pattern)


def test_year_model_has_exactly_the_template_fields():
    from gaoxin.registry.models import FIGURE_FIELDS, EnterpriseYear
    from gaoxin.transfer.sheet_templates import load_template

    template = load_template("enterprise_year")
    assert ["uscc", "year", *FIGURE_FIELDS] == [c.field for c in template.columns]
    for column in template.columns[2:]:
        assert EnterpriseYear._meta.get_field(column.field).verbose_name == column.header
