from django.contrib import admin
from django.urls import include, path

from alongside.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("alongside.accounts.urls")),
    path("", include("alongside.home.urls")),
    path("people/", include("alongside.home.people_urls")),
    path("audit/", include("alongside.home.audit_urls")),
    path("dashboard/", include("alongside.dashboard.urls")),
    path("", include("alongside.support.urls")),
    path("safety/", include("alongside.wards.urls")),
    path("safety/", include("alongside.visits.urls")),
    path("safety/", include("alongside.wellbeing.urls")),
    path("safety/", include("alongside.safety.urls")),
    path("", include("alongside.directory.urls")),
    path("workforce/", include("alongside.workforce.urls")),
    path("training/", include("alongside.training.urls")),
    path("recruitment/", include("alongside.recruitment.urls")),
    path("network/", include("alongside.network.urls")),
    path("", include("alongside.timetable.urls")),
    path("", include("alongside.transitions.urls")),
    path("partners/", include("alongside.partners.urls")),
    path("equity/", include("alongside.equity.urls")),
    path("", include("alongside.outcomes.urls")),
    path("feedback/", include("alongside.outcomes.public_urls")),
    path("reports/", include("alongside.reports.urls")),
    path("principles/", include("alongside.grid.urls")),
    path("recommendations/", include("alongside.recommendations.urls")),
    path("national/", include("alongside.national.urls")),
    path("", include("alongside.records.urls")),
    path("admin/", admin.site.urls),
]
