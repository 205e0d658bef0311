from django.urls import path

from gaoxin.web.exports import export_view

from . import views
from .views import audit, people, units

app_name = "organization"

urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", people.person_edit, name="person_edit"),
    path("users/<int:pk>/active/", people.person_active, name="person_active"),
    path("users/<int:pk>/reset-password/", people.person_reset_password, name="person_reset_password"),
    path("users/import/", people.people_import, name="people_import"),
    path("users/export/", export_view("people"), name="people_export"),
    path("password-sheets/<int:pk>/", people.password_sheet, name="password_sheet"),
    path("role-requests/", people.role_requests, name="role_requests"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
    path("units/<int:pk>/close/", units.unit_close, name="unit_close"),
    path("units/import/", people.units_import, name="units_import"),
    path("units/export/", export_view("units"), name="unit_export"),
    path("settings/", views.zone_settings, name="zone_settings"),
    path("custom-fields/", views.custom_fields, name="custom_fields"),
    path("security/", views.security, name="security"),
    path("audit/", audit.audit, name="audit"),
    path("audit/export/", audit.audit_export, name="audit_export"),
    path("tokens/", views.tokens, name="tokens"),
]
