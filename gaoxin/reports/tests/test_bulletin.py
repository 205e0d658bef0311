import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from gaoxin.core.context import Actor
from gaoxin.problems.actions import accept, raise_problem
from gaoxin.reports import bulletin


@pytest.fixture
def month_data(make_project, org, users):
    make_project("B1", signed_on=dt.date(2026, 2, 1), started_on=dt.date(2026, 5, 1))
    make_project("B2", signed_on=dt.date(2026, 3, 1), department=org.units["东湖街道"])
    p = raise_problem(
        {
            "description": "用地指标未落实",
            "category": "用地",
            "lead_department": org.units["自然资源分局"],
            "raised_on": dt.date(2026, 6, 1),
        },
        Actor(user=users.leader),
    )
    accept(p, Actor(user=users.leader))


def test_monthly_figures(month_data, zone):
    data = bulletin.monthly(zone, "2026-06")
    assert data["cohort"]["signed"] == 2 and data["cohort"]["started"] == 1
    assert data["problems"]["raised"] == 1
    assert data["overdue"]["count"] == 1 and data["overdue"]["items"][0]["days"] == 22  # due 8 June
    assert [r["series"] for r in data["rankings"]] == ["部门", "街道/园区"]
    names = {d["name"] for d in data["departments"]}
    assert {"经济发展局", "东湖街道", "自然资源分局"} <= names


def test_pdf_and_xlsx_from_the_command(month_data, tmp_path):
    pdf, xlsx = tmp_path / "b.pdf", tmp_path / "b.xlsx"
    call_command("report", "monthly", "--month", "2026-06", "--out", str(pdf))
    call_command("report", "monthly", "--month", "2026-06", "--out", str(xlsx))
    assert pdf.read_bytes()[:4] == b"%PDF"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert book.sheetnames == ["概况", "分单位情况", "红黑榜", "超期问题", "政策兑现", "经济运行"]
    assert book["分单位情况"].cell(1, 1).value == "责任单位"
    with pytest.raises(CommandError, match="月份格式"):
        call_command("report", "monthly", "--month", "2026-13", "--out", str(pdf))


def test_page_and_downloads_follow_scope(month_data, client_for):
    c = client_for("leader")
    assert c.get("/reports/monthly/?month=2026-06").status_code == 200
    response = c.get("/reports/monthly/?month=2026-06&format=pdf")
    assert response["Content-Type"] == "application/pdf" and response.content[:4] == b"%PDF"
    assert client_for("bank").get("/reports/monthly/").status_code == 403


def test_the_bulletin_workbook_writes_no_live_formula(month_data, zone, users):
    """Issue 14 item 6 on the bulletin workbook: a problem described as =HYPERLINK(…) was written as a live
    formula into 超期问题 (the bulletin went through its own openpyxl writer, not the exports' one)."""
    from openpyxl import load_workbook

    from gaoxin.reports.render import xlsx_bytes

    raise_problem(
        {
            "description": '=HYPERLINK("http://evil.example","点此查看")',
            "category": "用地",
            "lead_department": users.leader.zone.units.get(name="自然资源分局"),
            "raised_on": dt.date(2026, 6, 1),
        },
        Actor(user=users.leader),
    )
    book = load_workbook(io.BytesIO(xlsx_bytes(bulletin.monthly(zone, "2026-06"))))
    cells = [c for row in book["超期问题"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("HYPERLINK" in c.value for c in cells)
    assert not [c.coordinate for c in cells if c.data_type == "f" or c.value.startswith("=")]
