from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "alongside.reminders"
    label = "reminders"
    verbose_name = "Reminders and email digests"
