from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "alongside.imports"
    label = "imports"
    verbose_name = "Importing a service's records from a spreadsheet"
