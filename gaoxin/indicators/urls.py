from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("catalogue/", views.IndicatorListView.as_view(), name="list"),
    path("derived/refresh/", views.refresh, name="refresh"),
    path("<int:pk>/", views.detail, name="detail"),
]
