from django.urls import path

from alongside.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("download/", views.download, name="download"),
]
