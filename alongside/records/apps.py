from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "alongside.records"
    label = "records"
    verbose_name = "Her records: subject access, retention, erasure, backup"
