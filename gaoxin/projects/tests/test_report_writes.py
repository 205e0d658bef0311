"""A dispatch report changes the project's 累计完成投资 and may bring photos later: both are written with
their change rows (and the photos with a timeline event). Before issue 9 the project was updated with a
bare ``.update()`` and ``add_photos`` wrote neither a change row nor an event."""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from gaoxin.core.actions import history, timeline
from gaoxin.core.context import Actor
from gaoxin.core.models import ObjectChange
from gaoxin.projects.actions.reporting import add_photos, submit_report
from gaoxin.projects.models import ReportPhoto

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_report_logs_the_projects_cumulative_investment_and_late_photos(make_project, users):
    project = make_project(cumulative_investment=Decimal("1000000"))
    actor = Actor(user=users.liaison1)
    report = submit_report(
        project,
        {"period_investment": "500000", "progress": "主体结构封顶", "period_day": dt.date(2026, 11, 16)},
        actor,
        today=dt.date(2026, 11, 20),
    )
    updates = [c for c in history(project) if c.content_type.model == "project" and c.action == "update"]
    assert [
        (c.prechange_data["cumulative_investment"], c.postchange_data["cumulative_investment"])
        for c in updates
    ] == [("1000000.00", "1500000.00")]
    add_photos(report, [SimpleUploadedFile("site.png", PNG, content_type="image/png")], actor)
    photo = report.photos.get()
    photo_type = ContentType.objects.get_for_model(ReportPhoto)
    assert ObjectChange.objects.filter(content_type=photo_type, object_id=photo.pk, action="create").exists()
    assert timeline(project).filter(type="projects.photos_added").count() == 1
