from django.urls import path

from alongside.training import views

app_name = "training"
urlpatterns = [
    path("me/", views.mine, name="mine"),
    path("team/", views.team, name="team"),
]
