from django.urls import path

from alongside.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.start, name="start"),
    path("columns/", views.columns, name="columns"),
    path("check/", views.check, name="check"),
    path("check/refused.csv", views.refused_rows, name="refused"),
    path("run/", views.run, name="run"),
    path("progress/", views.progress, name="progress"),
    path("result/", views.result, name="result"),
]
