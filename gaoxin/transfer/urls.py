from django.urls import path

from . import views

app_name = "transfer"

urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/job/<uuid:pk>/", views.job_page, name="job"),
    path("import/job/<uuid:pk>/progress/", views.job_progress, name="job_progress"),
    path("import/<str:token>/confirm/", views.confirm, name="confirm"),
    path("import/<str:token>/report/", views.report, name="report"),
    path("import/<str:token>/sheet/", views.choose_sheet, name="choose_sheet"),
    path("template/<str:kind>/", views.template, name="template"),
]
