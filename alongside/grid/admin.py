"""The grid's rows, which a national administrator may reword, reorder or retire (ADR 0036)."""

from django.contrib import admin

from alongside.grid.models import Practice

admin.site.register(
    Practice, list_display=["title", "principle", "position", "active"], list_filter=["principle", "active"]
)
