from django.urls import path

from alongside.grid import views

app_name = "grid"
urlpatterns = [
    path("", views.grid, name="grid"),
    path("reviews/new/", views.review_new, name="review_new"),
    path("reviews/<int:pk>/rate/", views.rate, name="rate"),
    path("reviews/<int:pk>/my-view/", views.my_view, name="my_view"),
    path("reviews/<int:pk>/complete/", views.complete, name="complete"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
]
