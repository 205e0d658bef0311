"""Defects from the demo walk-through (issue 10): the map's chart data, the dashboard's query values."""

import json
from decimal import Decimal

import pytest


def _points(response) -> list:
    option = json.loads(response.context["option_json"])
    return [p for series in option["series"] for p in series["data"]]


def test_map_points_sit_at_their_stored_coordinates(client_for, make_project):
    """Coordinates were read as integers: every project was drawn at [114, 30]."""
    make_project("P001", longitude=Decimal("114.412345"), latitude=Decimal("30.498765"))
    make_project("P002", longitude=Decimal("114.351000"), latitude=Decimal("30.527000"))
    points = _points(client_for("leader").get("/projects/map/"))
    coordinates = sorted((p["value"][0], p["value"][1]) for p in points)
    assert coordinates == [(114.351, 30.527), (114.412345, 30.498765)]


@pytest.mark.parametrize("query", ["year=2026年", "year=abc", "year=99999999999999999999"])
def test_a_bad_dashboard_year_is_a_400_page_in_chinese(client_for, make_project, query):
    make_project("P001")
    response = client_for("leader").get(f"/projects/dashboard/?{query}")
    assert response.status_code == 400
    assert "年度" in response.content.decode()
