from django.urls import path

from . import views

app_name = "organization"

urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("units/", views.unit_list, name="unit_list"),
    path("settings/", views.zone_settings, name="zone_settings"),
    path("custom-fields/", views.custom_fields, name="custom_fields"),
    path("security/", views.security, name="security"),
    path("audit/", views.audit, name="audit"),
    path("tokens/", views.tokens, name="tokens"),
]
