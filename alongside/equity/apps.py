from django.apps import AppConfig


class EquityConfig(AppConfig):
    name = "alongside.equity"
    label = "equity"
    verbose_name = "Equity"
