from django.contrib import admin

from alongside.people.models import EthnicCategory, NeedOrBarrier

# Reference lists only; people themselves are never in the admin (see organisations/admin.py).
admin.site.register(EthnicCategory, list_display=["code", "label", "position"])
admin.site.register(NeedOrBarrier, list_display=["label", "kind", "position"])
