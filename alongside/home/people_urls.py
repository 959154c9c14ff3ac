from django.urls import path

from alongside.home import people as views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/contacts/", views.person_contacts, name="contacts"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
]
