from django.apps import AppConfig


class VisitsConfig(AppConfig):
    """Visits, lone working and alerts (principle 1)."""

    name = "alongside.visits"
    label = "visits"

    def ready(self) -> None:
        from alongside.visits.notify import connect

        connect()
