from django.urls import path

from alongside.safety import views

app_name = "safety"
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
    path("visits/", views.visits, name="visits"),
    path("peer-support/<int:pk>/visit/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/check-in/", views.visit_check_in, name="visit_check_in"),
    path("visits/<int:pk>/check-out/", views.visit_check_out, name="visit_check_out"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/safe/", views.visit_safe, name="visit_safe"),
    path("alerts/", views.alerts, name="alerts"),
    path("me/wellbeing/", views.wellbeing, name="wellbeing"),
    path("me/wellbeing/<int:pk>/", views.wellbeing_detail, name="wellbeing_detail"),
    path("me/wellbeing/<int:pk>/stop-sharing/", views.wellbeing_unshare, name="wellbeing_unshare"),
    path("me/wellbeing/plan/", views.wellbeing_plan, name="wellbeing_plan"),
    path("me/wellbeing/sharing/", views.wellbeing_sharing, name="wellbeing_sharing"),
    path("me/wellbeing/sharing/<int:pk>/withdraw/", views.wellbeing_withdraw, name="wellbeing_withdraw"),
    path("me/wellbeing/shared-with-me/", views.wellbeing_shared, name="wellbeing_shared"),
    path(
        "me/wellbeing/shared-with-me/<int:pk>/", views.wellbeing_shared_detail, name="wellbeing_shared_detail"
    ),
    path("me/readiness/", views.readiness, name="readiness"),
    path("peer-support/<int:pk>/ground-rules/", views.ground_rules, name="ground_rules"),
    path("groups/<int:pk>/ground-rules/", views.group_ground_rules, name="group_ground_rules"),
    path("ground-rules/checklist/", views.checklist, name="checklist"),
    path("team/", views.team, name="team"),
    path("team/add/", views.team_add, name="team_add"),
    path("team/<int:pk>/full-role/", views.team_full_role, name="team_full_role"),
]
