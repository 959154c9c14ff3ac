from django.urls import path

from alongside.recommendations import views

app_name = "recommendations"
urlpatterns = [
    path("", views.service, name="service"),
    path("attest/", views.attest, name="attest"),
    path("national/", views.rollup, name="rollup"),
    path("services/<int:pk>/", views.service_aggregate, name="service_aggregate"),
]
