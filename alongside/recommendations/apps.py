from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    """The fourteen recommendations of the thought piece, each measured for a service from the
    figures its own pages show, with attestations where data cannot show it, rolled up per ICB,
    region and nationally for commissioners (ADR 0039)."""

    name = "alongside.recommendations"
    label = "recommendations"
