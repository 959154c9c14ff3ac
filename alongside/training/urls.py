from django.urls import path

from alongside.training import views

app_name = "training"
urlpatterns = [
    path("me/", views.mine, name="mine"),
    path("me/development/", views.development, name="development"),
    path("me/development/new/", views.development_new, name="development_new"),
    path("me/development/export.csv", views.development_export, name="development_export"),
    path("me/development/<int:pk>/", views.development_edit, name="development_edit"),
    path("me/development/<int:pk>/delete/", views.development_delete, name="development_delete"),
    path("team/", views.team, name="team"),
    path("curriculum/", views.curriculum, name="curriculum"),
    path("curriculum/new/", views.module_new, name="module_new"),
    path("curriculum/<int:pk>/", views.module_edit, name="module_edit"),
]
