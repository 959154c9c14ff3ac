from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The email outbox: every email is written here first and sent from here (ADR 0007). Low in
    the layers, so accounts (password reset), support (new referrals), safety (alerts) and
    transitions (notices) all send through it."""

    name = "alongside.notifications"
    label = "notifications"
