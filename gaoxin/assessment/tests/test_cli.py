"""gaoxin assess: file mode output (no database touched) and database mode."""

from __future__ import annotations

import polars as pl
import pytest
from django.core.management import call_command

HEADER = "统一社会信用代码,年度,企业名称,成立日期,高新技术领域,持有资质,主营业务收入（万元）,其他业务收入,研究开发费用总额（万元）,境内研究开发费用（万元）,职工总数,科技人员数,Ⅰ类知识产权数,资产总额（万元）"
ROWS = [
    "91420106MA4KYB0012,2023,江城甲科技有限公司,2015-03-01,电子信息,科技型中小企业,3000,0,200,200,100,15,1,5000",
    "91420106MA4KYB0012,2024,,,,,4000,0,250,250,110,16,1,5000",
    "91420106MA4KYB0012,2025,,,,,5000,0,300,300,120,18,2,5000",
    "91420106MA4KYB0020,2025,江城乙有限公司,2026-01-01,,,100,0,1,1,10,0,0,",
]


def test_file_mode_columns_without_the_database(tmp_path, capsys):
    # no django_db mark: any query would fail the test
    path = tmp_path / "in.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    call_command(
        "assess", year=2026, input=str(path), rules="hte,tsme", out=str(out), explain="91420106MA4KYB0012"
    )
    table = pl.read_parquet(out)
    assert table.columns[:4] == ["统一社会信用代码", "资质", "结论", "得分"]
    assert {
        "C5_rd_intensity.结论",
        "C5_rd_intensity.值",
        "C5_rd_intensity.阈值",
        "C5_rd_intensity.差距",
        "E2_size.结论",
    } <= set(table.columns)
    assert table.height == 4 and set(table["资质"]) == {"hte", "tsme"}
    assert set(table["结论"]) <= {"符合", "不符合", "数据不足"}
    first = table.filter(
        (pl.col("统一社会信用代码") == "91420106MA4KYB0012") & (pl.col("资质") == "hte")
    ).to_dicts()[0]
    assert first["C1_age.结论"] == "符合" and first["C5_rd_intensity.值"] == pytest.approx(750 / 12000)
    young = table.filter(
        (pl.col("统一社会信用代码") == "91420106MA4KYB0020") & (pl.col("资质") == "hte")
    ).to_dicts()[0]
    assert young["C1_age.结论"] == "不符合" and young["C1_age.差距"] is not None
    text = capsys.readouterr().out
    assert "【高新技术企业认定】" in text and "C5_rd_intensity" in text
    csv = tmp_path / "out.csv"
    call_command("assess", year=2026, input=str(path), rules="tsme", out=str(csv))
    assert csv.read_text(encoding="utf-8-sig").startswith("统一社会信用代码,资质,结论,得分,E1_resident.结论")


@pytest.mark.django_db
def test_database_mode_stores(org, capsys):
    from gaoxin.assessment.models import AssessmentRun, Verdict

    from .factories import model_enterprise

    model_enterprise(org)
    call_command("assess", year=2026, rules="tsme")
    assert AssessmentRun.objects.get().verdict_count == 1 == Verdict.objects.count()
    assert "评估完成" in capsys.readouterr().out


def test_file_mode_normalises_credit_codes(tmp_path):
    # issue 11 item 2: the same code typed three ways is one enterprise with three years
    from gaoxin.assessment.filemode import read_input

    code = "91420106MA4KYB0012"
    forms = [code.lower(), f"{code[:8]} {code[8:]}", code.translate({ord(c): ord(c) + 0xFEE0 for c in code})]
    rows = [",".join([form, *row.split(",")[1:]]) for form, row in zip(forms, ROWS[:3], strict=True)]
    path = tmp_path / "in.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    years, ents = read_input(path)
    assert years["uscc"].unique().to_list() == [code]
    assert ents["uscc"].to_list() == [code] and ents["name"].to_list() == ["江城甲科技有限公司"]


def test_file_mode_empty_held_is_unknown_and_none_means_none(tmp_path):
    # issue 11 item 13: 持有资质 empty → unknown (null), 无 → holds nothing (an empty list)
    from gaoxin.assessment.filemode import held_lists, read_input

    rows = [
        "91420106MA4KYB0012,2025,甲公司,2015-03-01,电子信息,无,3000,0,200,200,100,15,1,5000",
        "91420106MA4KYB0020,2025,乙公司,2015-03-01,电子信息,,3000,0,200,200,100,15,1,5000",
        "91420106MA4KYB0039,2025,丙公司,2015-03-01,电子信息,高新技术企业,3000,0,200,200,100,15,1,5000",
    ]
    path = tmp_path / "in.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    _, ents = read_input(path)
    held = dict(held_lists(ents, 2026).select("uscc", pl.col("held").list.len()).iter_rows())
    assert held == {"91420106MA4KYB0012": 0, "91420106MA4KYB0020": None, "91420106MA4KYB0039": 1}


def test_file_mode_reads_the_catalogue_inputs_columns(tmp_path):
    # issue 11 item 13: manual confirmations and expert scores in the file reach the engine
    from gaoxin.assessment.filemode import assess_file, read_input

    header = (
        HEADER
        + ",产品属于国家禁止、限制和淘汰类（人工确认）,属于中小企业（按中小企业划型标准，人工确认）,专家评分：技术的先进程度"
    )
    rows = [r + ",否,是,20" for r in ROWS[:3]]
    path = tmp_path / "in.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    _, ents = read_input(path)
    [row] = ents.select("industry_restricted", "is_sme", "hte_expert_advancement").to_dicts()
    assert row == {"industry_restricted": False, "is_sme": True, "hte_expert_advancement": 20}
    assert assess_file(path, 2026, rules=["tsme"]) is not None


@pytest.mark.django_db
def test_database_mode_for_a_year_without_data_says_so(org):
    """A year with no figures in year-6 … year: the command names the reason (it raised a polars
    ColumnNotFoundError from runner.prepare) and stores no run."""
    from django.core.management.base import CommandError

    from gaoxin.assessment.models import AssessmentRun

    from .factories import model_enterprise

    model_enterprise(org)
    with pytest.raises(CommandError, match="该年度没有企业数据"):
        call_command("assess", year=1999)
    assert not AssessmentRun.objects.exists()
