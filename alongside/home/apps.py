from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The pages that bring the apps together: the front door, Today, the people list, her record
    and her audit trail. The top of the layers (pyproject.toml): it may read every app, and no app
    reads it."""

    name = "alongside.home"
    label = "home"
