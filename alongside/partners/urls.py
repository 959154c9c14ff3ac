from django.urls import path

from alongside.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.partner_list, name="list"),
    path("fathers/", views.fathers, name="fathers"),
    path("<int:pk>/", views.remit, name="remit"),
    path("<int:pk>/remit/", views.remit_edit, name="remit_edit"),
]
