"""England's perinatal services and each ICB's births and referrals: reference data, not about any
person, so the national administrator may correct them here (ADR 0040). Loading them in bulk is
`alongside import_services` and `alongside import_births`. The set-up census of a service that
does not use Alongside (or of what its records cannot show) is entered here too, and national
returns (ADR 0041) can be read here."""

from django.contrib import admin
from django.http import HttpRequest

from alongside.national.models import CensusEntry, ICBPopulation, PerinatalService, Return

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
admin.site.register(
    CensusEntry,
    list_display=["perinatal_service", "as_of", "source", "paid", "volunteers", "employed_by", "coordinator"],
    list_filter=["perinatal_service__icb__region", "employed_by", "coordinator", "lived_experience_design"],
    search_fields=["perinatal_service__code", "perinatal_service__name", "source"],
    date_hierarchy="as_of",
    autocomplete_fields=["perinatal_service"],
)


class ReturnAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Returns are kept as received, every version (ADR 0041): read here, never changed here.
    They come from `alongside make_returns` and `alongside import_return` only."""

    list_display = ["perinatal_service", "quarter", "version", "current", "deployment", "source"]
    list_filter = ["current", "quarter", "deployment", "perinatal_service__icb__region"]
    search_fields = ["perinatal_service__code", "perinatal_service__name", "deployment", "source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Return | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Return | None = None) -> bool:
        return False


admin.site.register(Return, ReturnAdmin)
