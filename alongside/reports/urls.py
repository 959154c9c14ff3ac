from django.urls import path

from alongside.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/csv/", views.csv, name="csv"),
    path("<int:pk>/xlsx/", views.xlsx, name="xlsx"),
    path("<int:pk>/quotes/", views.quotes, name="quotes"),
]
