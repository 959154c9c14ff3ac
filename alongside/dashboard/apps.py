from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "alongside.dashboard"
    label = "dashboard"
