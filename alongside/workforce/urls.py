from django.urls import path

from alongside.workforce import views

app_name = "workforce"
urlpatterns = [
    path("me/supervision/", views.mine, name="mine"),
    path("me/supervision/new/", views.record, name="record"),
    path("me/role/", views.role_mine, name="role_mine"),
    path("me/role/offer/", views.role_offer, name="role_offer"),
    path("me/role/description/new/", views.role_description_mine, name="role_description_mine"),
    path("me/role/other-duties/new/", views.duty_mine, name="duty_mine"),
    path("supervision/", views.team, name="team"),
    path("supervision/settings/", views.settings_edit, name="settings"),
    path("supervision/group/new/", views.group_record, name="group_record"),
    path("supervision/guidance/", views.guidance, name="guidance"),
    path("supervision/guidance/new/", views.guidance_new, name="guidance_new"),
    path("supervision/<int:pk>/", views.detail, name="detail"),
    path("supervision/<int:pk>/edit/", views.edit, name="edit"),
    path("supervision/<int:pk>/reflection/", views.reflection, name="reflection"),
    path("supervision/<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("team/", views.overview, name="overview"),
    path("team/role-drift/", views.drift_settings, name="drift_settings"),
    path("team/co-ordinator/", views.coordinator, name="coordinator"),
    path("involvement/", views.involvement, name="involvement"),
    path("involvement/new/", views.involvement_new, name="involvement_new"),
    path("team/<int:pk>/", views.member, name="member"),
    path("team/<int:pk>/employment/", views.employment, name="employment"),
    path("team/<int:pk>/caseload/", views.caseload, name="caseload"),
    path("team/<int:pk>/description/new/", views.role_description, name="role_description"),
    path("team/<int:pk>/other-duties/new/", views.duty, name="duty"),
]
