from django.urls import path

from alongside.workforce import views

app_name = "workforce"
urlpatterns = [
    path("me/supervision/", views.mine, name="mine"),
    path("me/supervision/new/", views.record, name="record"),
    path("supervision/", views.team, name="team"),
    path("supervision/settings/", views.settings_edit, name="settings"),
    path("supervision/<int:pk>/", views.detail, name="detail"),
    path("supervision/<int:pk>/reflection/", views.reflection, name="reflection"),
    path("supervision/<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
]
