"""Ground rules and the team: under /safety/, where they were before the app was split (alongside/urls.py)."""

from django.urls import path

from alongside.safety import views

app_name = "safety"
urlpatterns = [
    path("peer-support/<int:pk>/ground-rules/", views.ground_rules, name="ground_rules"),
    path("groups/<int:pk>/ground-rules/", views.group_ground_rules, name="group_ground_rules"),
    path("ground-rules/checklist/", views.checklist, name="checklist"),
    path("team/", views.team, name="team"),
    path("team/add/", views.team_add, name="team_add"),
    path("team/<int:pk>/full-role/", views.team_full_role, name="team_full_role"),
]
