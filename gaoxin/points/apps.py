from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "gaoxin.points"
    label = "points"
    verbose_name = "创新积分与白名单"
