from django.apps import AppConfig


class GridConfig(AppConfig):
    """The self-reflective grid: how well a service meets each of the five principles, practice by
    practice, with its evidence drawn live from the figures of the apps below it (ADR 0036)."""

    name = "alongside.grid"
    label = "grid"
