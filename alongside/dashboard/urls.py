from django.urls import path

from alongside.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.coordinator, name="coordinator"),
    path("summary/", views.service_summary, name="summary"),
]
