from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    """A peer worker's own wellbeing: hers, private by default (principle 5)."""

    name = "alongside.wellbeing"
    label = "wellbeing"
