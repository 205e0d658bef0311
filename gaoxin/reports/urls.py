from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("monthly/", views.monthly, name="monthly"),
    path("monthly/render/", views.render_file, name="render"),
    path("bulletins/<uuid:pk>/download/", views.bulletin_download, name="bulletin_download"),
]
