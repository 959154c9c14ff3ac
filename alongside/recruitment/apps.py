from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "alongside.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"
