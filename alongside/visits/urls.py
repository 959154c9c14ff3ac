"""Visits, lone working and alerts: under /safety/, where they were before the app was split
(alongside/urls.py)."""

from django.urls import path

from alongside.visits import views

app_name = "visits"
urlpatterns = [
    path("visits/", views.visits, name="visits"),
    path("peer-support/<int:pk>/visit/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/check-in/", views.visit_check_in, name="visit_check_in"),
    path("visits/<int:pk>/check-out/", views.visit_check_out, name="visit_check_out"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/safe/", views.visit_safe, name="visit_safe"),
    path("alerts/", views.alerts, name="alerts"),
]
