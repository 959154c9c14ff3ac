from django.urls import path

from alongside.national import views

app_name = "national"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("regions/<str:code>/", views.region, name="region"),
    path("icbs/<str:code>/", views.icb, name="icb"),
    path("services/<str:code>/", views.service, name="service"),
    path("rankings/", views.rankings, name="rankings"),
    path("returns/", views.returns, name="returns"),
    path("pdf/", views.pdf, name="pdf"),
    path("xlsx/", views.xlsx, name="xlsx"),
]
