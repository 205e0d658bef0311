from django.urls import path

from . import views
from .views import board, corrections, dispatch, node_templates

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("new/", views.edit, name="create"),
    path("export/", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/<str:op>/", views.act, name="act"),
    path("nodes/<int:pk>/", views.node, name="node"),
    path("templates/", node_templates.node_templates, name="node_templates"),
    path("board/", board.board, name="board"),
    path("map/", board.project_map, name="map"),
    path("gantt/", board.gantt, name="gantt"),
    path("dashboard/", board.dashboard, name="dashboard"),
    path("reports/", dispatch.ReportListView.as_view(), name="reports"),
    path("reports/remind/", dispatch.remind, name="remind"),
    path("reports/<int:pk>/correct/", corrections.correct, name="report_correct"),
    path("reports/<int:pk>/confirm/", corrections.confirm, name="report_confirm"),
    path("rankings/", dispatch.rankings, name="rankings"),
    path("rankings/<str:op>/", dispatch.rankings_act, name="rankings_act"),
]
