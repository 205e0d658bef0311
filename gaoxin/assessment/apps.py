from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "gaoxin.assessment"
    label = "assessment"
    verbose_name = "资质评估与梯度培育"
