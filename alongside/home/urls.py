from django.urls import path

from alongside.home import views

app_name = "home"
urlpatterns = [path("today/", views.today, name="today")]
