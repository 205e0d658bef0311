import pytest

from gaoxin.core.context import Actor
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind

INDICATORS = [
    "指标编码,指标名称,计量单位,指标类型,频率,口径说明,价格口径",
    "ZS01,招商引资到位资金,亿元,流量,月,省外境内到位资金,现价",
    "GY02,规模以上工业增加值,亿元,流量,月,,可比价",
    "QY03,规模以上工业企业数,个,存量,月,,",
    "JC04,外贸进出口总额,万元,流量,季,,",
]


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def load(users):
    """load(kind, *csv_lines, filename=…) → the import report (as the leader)."""

    def do(kind: str, *lines: str, filename: str = "数据.csv", user=None, dry_run=False):
        actor = Actor(user=user or users.leader, ip="127.0.0.1", source="web")
        return run_import(get_kind(kind), csv(*lines), filename, actor, dry_run=dry_run)

    return do


@pytest.fixture
def catalogue(load):
    report = load("indicators", *INDICATORS, filename="指标.csv")
    assert report.ok, report.errors
    return report
