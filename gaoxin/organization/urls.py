from django.urls import path

from . import views

app_name = "organization"

urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("units/", views.unit_list, name="unit_list"),
    path("security/", views.security, name="security"),
    path("audit/", views.audit, name="audit"),
    path("tokens/", views.tokens, name="tokens"),
]
