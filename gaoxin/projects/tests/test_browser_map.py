"""In Chromium: the project map draws each project at its stored coordinates, inside the zone outline."""

from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTLINE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "江城高新区"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[114.30, 30.40], [114.50, 30.40], [114.50, 30.60], [114.30, 30.60], [114.30, 30.40]]
                ],
            },
        }
    ],
}
PLACES = {"M001": ("114.352100", "30.451200"), "M002": ("114.447800", "30.553400")}


def test_markers_sit_at_the_stored_coordinates_inside_the_outline(page, login, make_project, zone, users):
    from gaoxin.core.actions import create_object
    from gaoxin.core.context import Actor
    from gaoxin.projects.models import ZoneMap

    create_object(ZoneMap(zone=zone, geojson=OUTLINE), Actor(user=users.leader))
    for code, (lon, lat) in PLACES.items():
        make_project(code, longitude=Decimal(lon), latitude=Decimal(lat))
    login("leader")
    page.goto(page.base_url + "/projects/map/")
    page.wait_for_selector("#project-map canvas")
    drawn = page.evaluate(
        """() => {
        const chart = document.getElementById('project-map')._chart;
        const points = chart.getOption().series.flatMap(s => s.data);
        return points.map(p => ({
            code: p.name.split(' ')[0], value: p.value.slice(0, 2),
            pixel: chart.convertToPixel({geoIndex: 0}, p.value.slice(0, 2)),
        }));
    }"""
    )
    assert {d["code"]: tuple(d["value"]) for d in drawn} == {
        code: (float(lon), float(lat)) for code, (lon, lat) in PLACES.items()
    }
    box = page.locator("#project-map").bounding_box()
    pixels = {tuple(round(c) for c in d["pixel"]) for d in drawn}
    assert len(pixels) == 2  # two places, two markers (not one spot for all)
    for x, y in pixels:
        assert 0 < x < box["width"] and 0 < y < box["height"]
    # the second project lies east and north of the first: further right, higher up on the map
    first, second = (next(d["pixel"] for d in drawn if d["code"] == c) for c in ("M001", "M002"))
    assert second[0] > first[0] and second[1] < first[1]
