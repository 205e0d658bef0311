from django.urls import path

from . import views

app_name = "points"

urlpatterns = [
    path("", views.ScoreListView.as_view(), name="scores"),
    path("export/", views.score_export, name="score_export"),
    path("run/", views.run, name="run"),
    path("reference/", views.upload_reference, name="upload_reference"),
    path("whitelist/", views.whitelist_page, name="whitelist"),
    path("whitelist/publish/", views.publish, name="publish"),
    path("whitelist/<int:number>/", views.version_page, name="whitelist_version"),
    path("whitelist/<int:number>/export/", views.version_export, name="whitelist_export"),
]
