"""Ward shifts, handovers and concerns: under /safety/, where they were before the app was split
(alongside/urls.py)."""

from django.urls import path

from alongside.wards import views

app_name = "wards"
urlpatterns = [
    path("shifts/", views.shifts, name="shifts"),
    path("shifts/start/", views.shift_start, name="shift_start"),
    path("shifts/<int:pk>/briefing/", views.briefing, name="briefing"),
    path("shifts/<int:pk>/debrief/", views.debrief, name="debrief"),
    path("shifts/<int:pk>/close/", views.shift_close, name="shift_close"),
    path("ward/", views.ward, name="ward"),
    path("concerns/", views.escalations, name="escalations"),
    path("concerns/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("handovers/", views.handovers, name="handovers"),
]
