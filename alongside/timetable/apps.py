from django.apps import AppConfig


class TimetableConfig(AppConfig):
    name = "alongside.timetable"
    label = "timetable"
    verbose_name = "Timetable"
