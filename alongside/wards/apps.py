from django.apps import AppConfig


class WardsConfig(AppConfig):
    """Ward shifts and handovers, and the concerns raised at them (principle 1)."""

    name = "alongside.wards"
    label = "wards"
