"""The previous trial suspected liaison1 could open another enterprise's problem: checked on the page, the
API detail and the API actions (all 404, audited)."""

from __future__ import annotations

from gaoxin.core.models import SecurityEvent


def test_liaison_cannot_open_a_problem_of_another_liaisons_enterprise(firms, users, raise_as, client_for):
    other = next(e for e in firms if e.liaison_id == users.liaison2.pk)
    problem = raise_as("liaison2", enterprise=other)
    c = client_for("liaison1")
    assert c.get(f"/problems/{problem.pk}/").status_code == 404
    assert c.get(f"/api/v1/problems/{problem.pk}").status_code == 404
    response = c.post(f"/api/v1/problems/{problem.pk}/reopen", {"text": "x"}, content_type="application/json")
    assert response.status_code == 404
    listed = c.get("/api/v1/problems/").json()
    assert problem.code not in str(listed)
    assert SecurityEvent.objects.filter(kind="permission_denied", username="liaison1").count() >= 2
