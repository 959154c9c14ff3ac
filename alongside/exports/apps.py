from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "alongside.exports"
    label = "exports"
    verbose_name = "Exports: what she may see, as CSV and XLSX, so no one is locked in"
