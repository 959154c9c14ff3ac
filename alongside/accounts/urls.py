from django.urls import path

from alongside.accounts import views

app_name = "accounts"
urlpatterns = [path("role/", views.choose_role, name="role")]
