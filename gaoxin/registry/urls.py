from django.urls import path

from gaoxin.web.exports import export_view

from . import views
from .views import years

app_name = "registry"

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("export/", export_view("enterprises"), name="enterprise_export"),
    path("new/", views.enterprise_create, name="enterprise_create"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("<int:pk>/delete/", views.enterprise_delete, name="enterprise_delete"),
    path("<int:pk>/years/<int:year>/", years.year_edit, name="year_edit"),
    path("<int:pk>/qualifications/new/", views.qualification_add, name="qualification_add"),
    path("years/", views.YearListView.as_view(), name="year_list"),
    path("years/export/", export_view("enterprise-years"), name="year_export"),
    path("qualifications/", views.QualificationListView.as_view(), name="qualification_list"),
    path("qualifications/export/", export_view("qualifications"), name="qualification_export"),
    path("qualifications/expiring/", views.ExpiringListView.as_view(), name="expiring"),
    path("trash/", views.trash, name="trash"),
]
