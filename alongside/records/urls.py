from django.urls import path

from alongside.records import views

app_name = "records"
urlpatterns = [
    path("people/<int:pk>/subject-access/", views.export, name="export"),
    path("people/<int:pk>/subject-access.json", views.export_json, name="export_json"),
    path("people/<int:pk>/subject-access.pdf", views.export_pdf, name="export_pdf"),
    path("people/<int:pk>/erase/", views.erase, name="erase"),
    path("privacy/", views.privacy, name="privacy"),
]
