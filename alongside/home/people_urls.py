from django.urls import path

from alongside.home import people as views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("print/", views.person_list_print, name="list_print"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/print/", views.person_print, name="print"),
    path("<int:pk>/contacts/", views.person_contacts, name="contacts"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
]
