"""gaoxin import projects|problems|dispatch_reports: template headers, all-or-nothing, name lookups."""

import contextlib
import json

from django.core.management import call_command

from gaoxin.problems.models import Problem
from gaoxin.projects.models import Project
from gaoxin.transfer.writer import write_csv

PROJECT_HEADERS = [
    "项目编号",
    "项目名称",
    "项目类型",
    "重点级别",
    "总投资（亿元）",
    "签约日期",
    "实际开工日期",
    "包抓领导",
    "责任部门",
    "联络人",
]


def run_import(kind, path, capsys):
    """The command's JSON output (it exits 1 when the file is refused)."""
    with contextlib.suppress(SystemExit):
        call_command("import", kind, str(path), "--json")
    return json.loads(capsys.readouterr().out)


def write(tmp_path, name, headers, rows):
    path = tmp_path / name
    path.write_bytes(write_csv(headers, rows))
    return path


def test_project_import_all_or_nothing_with_name_lookups(tmp_path, capsys, users, org):
    leader = users.leader.full_name
    rows = [
        [
            "XM1",
            "芯片封测基地",
            "产业项目",
            "省级重点",
            "12.5",
            "2025-03-01",
            "2025-08-01",
            leader,
            "经济发展局",
            "liaison1",
        ],
        ["XM2", "人才公寓", "民生工程", "区级重点", "3", "2025-05-01", "", "", "", ""],
        ["XM3", "新材料中试线", "产业项目", "一般", "2", "2025-06-01", "", "张无名", "不存在局", ""],
    ]
    bad = run_import("projects", write(tmp_path, "p.csv", PROJECT_HEADERS, rows), capsys)
    assert bad["committed"] == 0 and Project.objects.count() == 0
    assert {(e["row"], e["column"]) for e in bad["errors"]} == {(4, "包抓领导"), (4, "责任部门")}
    ok = run_import("projects", write(tmp_path, "p2.csv", PROJECT_HEADERS, rows[:2]), capsys)
    assert ok["committed"] == 2 and not ok["errors"]
    p = Project.objects.get(code="XM1")
    assert p.leader == users.leader and p.liaison == users.liaison1 and p.stage == "开工"
    assert p.total_investment == 1_250_000_000
    assert Project.objects.get(code="XM2").leader is None


def test_problem_import_derives_deadline_and_state(tmp_path, capsys, org, make_project):
    make_project("P1")
    headers = [
        "问题编号",
        "问题描述",
        "项目编号",
        "问题类别",
        "紧急程度",
        "提出日期",
        "牵头部门",
        "配合部门",
        "办结日期",
        "销号日期",
    ]
    rows = [
        [
            "Q1",
            "用电增容",
            "P1",
            "用电",
            "重大",
            "2026-03-01",
            "经济发展局",
            "规划建设局、政务服务中心",
            "2026-03-20",
            "2026-03-25",
        ],
        ["Q2", "招工难", "", "用工", "一般", "2026-04-01", "经济发展局", "", "", ""],
    ]
    result = run_import("problems", write(tmp_path, "q.csv", headers, rows), capsys)
    assert result["committed"] == 2, result
    q1, q2 = Problem.objects.get(code="Q1"), Problem.objects.get(code="Q2")
    assert q1.state == "closed" and q1.deadline.isoformat() == "2026-03-31" and q1.co_departments.count() == 2
    assert q2.state == "pending" and q2.project is None
    bad = run_import(
        "problems",
        write(
            tmp_path,
            "q2.csv",
            headers,
            [["Q3", "x", "NOPE", "用电", "一般", "2026-04-01", "经济发展局", "", "", ""]],
        ),
        capsys,
    )
    assert bad["errors"][0]["column"] == "项目编号"


def test_export_round_trip(tmp_path, capsys, make_project):
    make_project("RT1")
    out = tmp_path / "out.xlsx"
    call_command("export", "projects", str(out))
    capsys.readouterr()
    result = run_import("projects", out, capsys)
    assert result["committed"] == 1 and not result["errors"]
