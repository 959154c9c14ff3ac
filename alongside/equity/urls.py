from django.urls import path

from alongside.equity import views

app_name = "equity"
urlpatterns = [
    path("", views.report, name="report"),
    path("population/", views.population, name="population"),
    path("population/edit/", views.population_edit, name="population_edit"),
]
