from django.apps import AppConfig


class TransitionsConfig(AppConfig):
    name = "alongside.transitions"
    label = "transitions"
    verbose_name = "Transitions and continuity"
