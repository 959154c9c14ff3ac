"""Her own wellbeing: under /safety/, where they were before the app was split (alongside/urls.py)."""

from django.urls import path

from alongside.wellbeing import views

app_name = "wellbeing"
urlpatterns = [
    path("me/wellbeing/", views.wellbeing, name="wellbeing"),
    path("me/wellbeing/<int:pk>/", views.wellbeing_detail, name="wellbeing_detail"),
    path("me/wellbeing/<int:pk>/stop-sharing/", views.wellbeing_unshare, name="wellbeing_unshare"),
    path("me/wellbeing/plan/", views.wellbeing_plan, name="wellbeing_plan"),
    path("me/wellbeing/sharing/", views.wellbeing_sharing, name="wellbeing_sharing"),
    path("me/wellbeing/sharing/<int:pk>/withdraw/", views.wellbeing_withdraw, name="wellbeing_withdraw"),
    path("me/wellbeing/shared-with-me/", views.wellbeing_shared, name="wellbeing_shared"),
    path(
        "me/wellbeing/shared-with-me/<int:pk>/", views.wellbeing_shared_detail, name="wellbeing_shared_detail"
    ),
    path("me/readiness/", views.readiness, name="readiness"),
]
