from django.urls import path

from alongside.grid import views

app_name = "grid"
urlpatterns = [path("", views.grid, name="grid")]
