from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("<int:pk>/open/", views.open_view, name="open"),
    path("read/", views.read_view, name="read"),
    path("channels/", views.channels_view, name="channels"),
]
