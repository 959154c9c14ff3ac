from django.apps import AppConfig


class NationalConfig(AppConfig):
    """England's perinatal services as reference data, whether or not they use Alongside, with
    what is known of their peer support and each ICB's births and referrals (ADR 0040)."""

    name = "alongside.national"
    label = "national"
    verbose_name = "England's perinatal services"
