"""The Django admin is for setting services up: places, partnerships, accounts and roles.

Person-level records are deliberately absent: they are read and changed only through the
product's pages, which scope and audit every access (ADR 0002, ADR 0003).
"""

from django.contrib import admin

from alongside.organisations.models import ICB, Membership, Organisation, Partnership, Region, Service

admin.site.register(Region)
admin.site.register(ICB, list_display=["name", "region"])
admin.site.register(Organisation, list_display=["name", "kind"], list_filter=["kind"])
admin.site.register(Service, list_display=["name", "kind", "trust", "icb"], list_filter=["kind"])
admin.site.register(Partnership, list_display=["organisation", "service", "started_on", "ended_on"])
admin.site.register(
    Membership,
    list_display=["user", "role", "service", "employment", "host_organisation", "active"],
    list_filter=["role", "service", "employment", "active"],
    search_fields=["user__email", "user__last_name"],
)
