from django.urls import path

from alongside.network import views

app_name = "network"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.profile, name="profile"),
    path("me/leave/", views.opt_out, name="opt_out"),
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/", views.group, name="group"),
    path("groups/<int:pk>/join/", views.group_join, name="group_join"),
    path("groups/<int:pk>/leave/", views.group_leave, name="group_leave"),
]
