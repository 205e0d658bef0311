from django.urls import path

from . import views, views_board, views_corrections, views_dispatch, views_templates

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
    path("templates/", views_templates.node_templates, name="node_templates"),
    path("board/", views_board.board, name="board"),
    path("map/", views_board.project_map, name="map"),
    path("gantt/", views_board.gantt, name="gantt"),
    path("dashboard/", views_board.dashboard, name="dashboard"),
    path("reports/", views_dispatch.ReportListView.as_view(), name="reports"),
    path("reports/remind/", views_dispatch.remind, name="remind"),
    path("reports/<int:pk>/correct/", views_corrections.correct, name="report_correct"),
    path("reports/<int:pk>/confirm/", views_corrections.confirm, name="report_confirm"),
    path("rankings/", views_dispatch.rankings, name="rankings"),
    path("rankings/<str:op>/", views_dispatch.rankings_act, name="rankings_act"),
]
