from django.urls import path

from alongside.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("", views.vacancies, name="list"),
    path("new/", views.vacancy_new, name="vacancy_new"),
    path("<int:pk>/", views.vacancy, name="vacancy"),
    path("<int:pk>/edit/", views.vacancy_edit, name="vacancy_edit"),
    path("<int:pk>/panel/", views.panel_add, name="panel_add"),
    path("panel/<int:pk>/remove/", views.panel_remove, name="panel_remove"),
    path("<int:pk>/candidates/new/", views.candidate_new, name="candidate_new"),
    path("candidates/<int:pk>/", views.candidate, name="candidate"),
]
