"""England's perinatal services and each ICB's births and referrals: reference data, not about any
person, so the national administrator may correct them here (ADR 0040). Loading them in bulk is
`alongside import_services` and `alongside import_births`."""

from django.contrib import admin

from alongside.national.models import ICBPopulation, PerinatalService

admin.site.register(
    PerinatalService,
    list_display=["code", "name", "kind", "icb", "trust_name", "peer_support", "service", "updated_on"],
    list_filter=["icb__region", "icb", "kind", "peer_support"],
    search_fields=["code", "name", "trust_name"],
)
admin.site.register(
    ICBPopulation,
    list_display=["icb", "year", "births", "perinatal_referrals", "source"],
    list_filter=["icb__region", "icb", "year"],
)
