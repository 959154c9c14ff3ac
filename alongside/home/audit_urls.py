from django.urls import path

from alongside.home import trail as views

app_name = "audit"
urlpatterns = [path("people/<int:pk>/", views.person_trail, name="person")]
