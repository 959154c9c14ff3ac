from django.urls import path

from alongside.training import views

app_name = "training"
urlpatterns = [
    path("me/", views.mine, name="mine"),
    path("team/", views.team, name="team"),
    path("curriculum/", views.curriculum, name="curriculum"),
    path("curriculum/new/", views.module_new, name="module_new"),
    path("curriculum/<int:pk>/", views.module_edit, name="module_edit"),
]
