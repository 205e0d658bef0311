"""The bulletin as a 公文 (issue 15 item 11): 红头, 文号, 落款 and 印发日期 from the zone's settings, in the
PDF, the xlsx and an editable .docx read back here; the 经济运行 section and report carry the same parts."""

import datetime as dt
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from gaoxin.indicators.tests.conftest import INDICATORS, load  # noqa: F401  (shared fixture)
from gaoxin.reports import bulletin
from gaoxin.reports.official import DocumentError, document_parts, issue_date

pytestmark = pytest.mark.django_db

VALUES = "指标编码,单位,期间,当月值,累计值,上年同期累计值,同比（%）"


@pytest.fixture
def office(zone):
    zone.settings = {
        **zone.settings,
        "document_issuer": "江城高新区管理委员会办公室",
        "document_signature": "江城高新区管委会办公室",
        "document_number_monthly": "江高管办通〔{year}〕{month}号",
        "document_number_economy": "江高管办经〔{year}〕{month}号",
        "document_issue_day": 8,
    }
    zone.save()
    return zone


@pytest.fixture
def figures(load):  # noqa: F811
    assert load("indicators", *INDICATORS).ok
    assert load("indicator-targets", "指标编码,单位,年度,目标值（亿元）,下达单位", "ZS01,,2015,7000,省").ok
    assert load("indicator-values", VALUES, "ZS01,,2015-07,,4100.5,,", "ZS01,,2015-08,,4766.22,3878.66,").ok


def docx_text(path) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(path.read_bytes()))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, cells


def test_parts_come_from_the_settings(office):
    parts = document_parts(office, dt.date(2026, 6, 1))
    assert parts == {
        "issuer": "江城高新区管理委员会办公室",
        "number": "江高管办通〔2026〕6号",
        "signature": "江城高新区管委会办公室",
        "issued_on": dt.date(2026, 7, 8),
    }
    assert document_parts(office, dt.date(2026, 6, 1), "economy")["number"] == "江高管办经〔2026〕6号"


def test_defaults_without_settings_and_the_issue_day_is_clamped(zone):
    parts = document_parts(zone, dt.date(2026, 12, 1))
    assert parts["issuer"].endswith(("管理委员会", "管委会")) and parts["signature"] == parts["issuer"]
    assert parts["number"].endswith("〔2026〕12号") and parts["issued_on"] == dt.date(2027, 1, 5)
    zone.settings = {**zone.settings, "document_issue_day": 31}
    assert issue_date(zone, dt.date(2027, 1, 1)) == dt.date(2027, 2, 28)


def test_a_bad_number_pattern_is_a_chinese_error(zone):
    zone.settings = {**zone.settings, "document_number_monthly": "通〔{yr}〕号"}
    with pytest.raises(DocumentError, match="文号格式"):
        document_parts(zone, dt.date(2026, 6, 1))


def test_monthly_docx_carries_the_official_parts_and_the_economy(office, figures, tmp_path):
    out = tmp_path / "通报.docx"
    call_command("report", "monthly", "--month", "2015-08", "--out", str(out), stdout=StringIO())
    paragraphs, cells = docx_text(out)
    assert paragraphs[:2] == ["江城高新区管理委员会办公室", "江高管办通〔2015〕8号"]
    assert "重点项目推进情况通报（2015年8月）" in paragraphs[2]
    assert paragraphs[-2:] == ["江城高新区管委会办公室", "2015年9月8日"]
    for heading in ("一、总体情况", "五、政策兑现情况", "六、经济运行情况"):
        assert heading in paragraphs
    assert any("招商引资到位资金当月 665.72亿元，累计 4766.22亿元，同比 22.88%" in p for p in paragraphs)
    row = next(r for r in cells if r[0] == "ZS01")
    assert row[4:] == ["4766.22", "22.88%", "7000", "68.09%", "66.67%", "超序时进度 1.42 个百分点"]


def test_issued_date_from_the_command_and_bad_dates_refused(office, tmp_path):
    out = tmp_path / "通报.docx"
    call_command("report", "monthly", "--month", "2026-06", "--out", str(out), "--issued", "2026-07-02")
    paragraphs, _ = docx_text(out)
    assert paragraphs[-1] == "2026年7月2日"
    with pytest.raises(CommandError, match="印发日期格式"):
        call_command("report", "monthly", "--month", "2026-06", "--out", str(out), "--issued", "7月2日")
    with pytest.raises(CommandError, match=r"\.docx"):
        call_command("report", "monthly", "--month", "2026-06", "--out", str(tmp_path / "b.txt"))


def test_pdf_and_xlsx_carry_the_same_parts(office, figures, tmp_path):
    from openpyxl import load_workbook

    data = bulletin.monthly(office, "2015-08")
    from gaoxin.reports import render

    book = load_workbook(io.BytesIO(render.xlsx_bytes(data)))
    overview = dict(book["概况"].iter_rows(min_row=2, values_only=True))
    assert (
        overview["发文机关"] == "江城高新区管理委员会办公室" and overview["文号"] == "江高管办通〔2015〕8号"
    )
    assert overview["落款"] == "江城高新区管委会办公室" and overview["印发日期"] == "2015-09-08"
    economy = {r[0]: r for r in book["经济运行"].iter_rows(min_row=2, values_only=True)}
    assert economy["ZS01"][1] == "招商引资到位资金" and economy["ZS01"][7] == "68.09%"
    html = _pdf_html(data)
    assert "江高管办通〔2015〕8号" in html and "2015年9月8日" in html and "六、经济运行情况" in html


def _pdf_html(data) -> str:
    from django.template.loader import render_to_string

    from gaoxin.reports import economy, render

    context = {**data, "charts": render.charts(data), "economy_lines": economy.sentences(data["economy"])}
    context |= {"economy_headers": economy.HEADERS, "economy_rows": economy.rows(data["economy"])}
    return render_to_string("reports/monthly_pdf.html", context)


def test_economy_report_as_its_own_docx(office, figures, tmp_path):
    out = tmp_path / "经济运行.docx"
    call_command("indicators", "report", "--period", "2015-08", "--out", str(out), stdout=StringIO())
    paragraphs, cells = docx_text(out)
    assert paragraphs[:2] == ["江城高新区管理委员会办公室", "江高管办经〔2015〕8号"]
    assert paragraphs[2].endswith("经济运行情况（2015年8月）")
    assert paragraphs[-2:] == ["江城高新区管委会办公室", "2015年9月8日"]
    assert next(r for r in cells if r[0] == "ZS01")[:5] == [
        "ZS01",
        "招商引资到位资金",
        "亿元",
        "665.72",
        "4766.22",
    ]


def test_page_offers_the_docx(office, client_for):
    c = client_for("leader")
    response = c.get("/reports/monthly/?month=2026-06&format=docx")
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text.strip()]
    assert paragraphs[0] == "江城高新区管理委员会办公室" and paragraphs[-1] == "2026年7月8日"


def test_settings_page_sets_the_parts_and_refuses_a_bad_pattern(client_for, zone):
    c = client_for("sysadmin")
    post = {
        "deadline_general": "7",
        "deadline_major": "30",
        "deadline_urgent": "1",
        "dispatch_cadence": "weekly",
        "near_gap_threshold": "0.15",
        "gazelle_preset": "jinan_hitech_zone_2016",
        "document_issuer": "江城高新区管理委员会办公室",
        "document_signature": "江城高新区管委会办公室",
        "document_number_monthly": "江高管办通〔{year}〕{month}号",
        "document_number_economy": "",
        "document_issue_day": "10",
    }
    bad = c.post(
        "/org/settings/", {**post, "document_number_monthly": "通〔{yr}〕号", "version": zone.version}
    )
    assert "文号格式只可使用" in bad.content.decode()
    assert c.post("/org/settings/", {**post, "version": zone.version}).status_code == 302
    zone.refresh_from_db()
    parts = document_parts(zone, dt.date(2026, 6, 1))
    assert parts["issuer"] == "江城高新区管理委员会办公室" and parts["number"] == "江高管办通〔2026〕6号"
    assert parts["issued_on"] == dt.date(2026, 7, 10)
