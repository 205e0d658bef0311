from django.urls import path

from . import views
from .views import cultivation

app_name = "assessment"

urlpatterns = [
    path("", views.VerdictListView.as_view(), name="verdicts"),
    path("export/", views.verdict_export, name="verdict_export"),
    path("run/", views.run, name="run"),
    path("enterprise/<int:pk>/", views.enterprise_page, name="enterprise"),
    path("enterprise/<int:pk>/whatif/", views.whatif, name="whatif"),
    path("enterprise/<int:pk>/points/", views.points_breakdown, name="breakdown"),
    path("enterprise/<int:pk>/expert/", views.save_expert_scores, name="expert_scores"),
    path("enterprise/<int:pk>/stage/", views.set_stage, name="set_stage"),
    path("mine/", views.my_enterprise, name="my_enterprise"),
    path("ladder/", cultivation.ladder_page, name="ladder"),
    path("ladder/list/", cultivation.ladder_list, name="ladder_list"),
    path("worklist/", cultivation.worklist, name="worklist"),
    path("expiring/", cultivation.expiring, name="expiring"),
]
