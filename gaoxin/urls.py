from django.urls import include, path

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("gaoxin.web.urls")),
    path("org/", include("gaoxin.organization.urls")),
    path("transfer/", include("gaoxin.transfer.urls")),
    path("enterprises/", include("gaoxin.registry.urls")),
    path("submissions/", include("gaoxin.submissions.urls")),
    path("assessment/", include("gaoxin.assessment.urls")),
    path("points/", include("gaoxin.points.urls")),
    path("projects/", include("gaoxin.projects.urls")),
    path("problems/", include("gaoxin.problems.urls")),
    path("reports/", include("gaoxin.reports.urls")),
    path("policies/", include("gaoxin.policies.urls")),
    path("messages/", include("gaoxin.notifications.urls")),
    path("indicators/", include("gaoxin.indicators.urls")),
]

handler400 = "gaoxin.web.errors.bad_request"
handler403 = "gaoxin.web.errors.forbidden"
handler404 = "gaoxin.web.errors.not_found"
