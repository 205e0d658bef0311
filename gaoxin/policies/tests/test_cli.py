"""gaoxin policies load / match: file mode (no database), stored library, refused files."""

from __future__ import annotations

import json

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from .conftest import POLICY

HEADER = "统一社会信用代码,年度,企业名称,主营业务收入（万元）,其他业务收入,研究开发费用总额（万元）"
ROWS = [
    "91420106MA4KYB0012,2025,江城甲科技有限公司,10000,0,1000",
    "91420106MA4KYB0020,2025,江城丙有限公司,10000,0,487.5",
    "91420106MA4KYB0039,2025,江城丁有限公司,10000,0,",
]
COLUMNS = ["统一社会信用代码", "政策编号", "条款", "结论", "金额（元）", "差距", "缺少数据"]


def _files(tmp_path):
    data = tmp_path / "in.csv"
    data.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    policy = tmp_path / "p.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    return data, policy


def test_match_file_mode_without_the_database(tmp_path, capsys):
    # no django_db mark: any query would fail the test
    data, policy = _files(tmp_path)
    out = tmp_path / "out.csv"
    call_command("policies", "match", year=2026, input=str(data), policies=str(policy), out=str(out))
    table = pl.read_csv(out, encoding="utf8-lossy", infer_schema=False)
    assert table.columns == COLUMNS and table.height == 6
    a = table.filter(pl.col("统一社会信用代码") == "91420106MA4KYB0012", pl.col("条款") == "rd_subsidy").row(
        0
    )
    assert a[3:5] == ("符合", "500000.00")
    c = table.filter(pl.col("统一社会信用代码") == "91420106MA4KYB0020", pl.col("条款") == "rd_subsidy").row(
        0
    )
    assert c[5] == "2025年研究开发费用总额还差 12.5万元即可享受"


def test_match_json(tmp_path, capsys):
    data, policy = _files(tmp_path)
    call_command("policies", "match", "--json", year=2026, input=str(data), policies=str(policy))
    rows = json.loads(capsys.readouterr().out)
    unknown = [r for r in rows if r["结论"] == "数据不足"]
    assert {r["缺少数据"] for r in unknown} == {"2025年研究开发费用总额"}
    assert {r["统一社会信用代码"] for r in rows} == {
        "91420106MA4KYB0012",
        "91420106MA4KYB0020",
        "91420106MA4KYB0039",
    }


def test_match_refuses_a_bad_policy_file(tmp_path):
    data, policy = _files(tmp_path)
    policy.write_text(POLICY.replace("mode: 免申即享", "mode: 自动享受", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="p.yaml 第 15 行 mode"):
        call_command("policies", "match", year=2026, input=str(data), policies=str(policy))


@pytest.mark.django_db
def test_load_and_match_stored(ents, tmp_path, capsys):
    from gaoxin.policies.models import Match

    _, policy = _files(tmp_path)
    call_command("policies", "load", str(tmp_path))
    assert "T-2026-01 关于支持研发投入的若干政策：2 个条款，已载入" in capsys.readouterr().out
    assert Match.objects.filter(verdict="符合", excluded="").count() == 3  # 甲, 乙, 戊
    call_command("policies", "load", str(policy))
    assert "无变化" in capsys.readouterr().out
    call_command("policies", "match", year=2026)
    out = capsys.readouterr().out
    assert out.startswith(",".join(COLUMNS)) and "江城" not in out and "91420106MA4KYP000" in out


@pytest.mark.django_db
def test_load_refuses_whole(ents, tmp_path):
    from gaoxin.policies.models import Policy

    (tmp_path / "a.yaml").write_text(POLICY, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        POLICY.replace("T-2026-01", "T-2").replace("colour", "x") + "    colour: red\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="条款中没有字段“colour”"):
        call_command("policies", "load", str(tmp_path))
    assert not Policy.objects.exists()
