from django.urls import path

from . import views

app_name = "problems"

urlpatterns = [
    path("", views.ProblemListView.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("stats/", views.stats, name="stats"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:op>/", views.act, name="act"),
]
