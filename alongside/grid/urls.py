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
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/pdf/", views.review_pdf, name="review_pdf"),
    path("reviews/<int:pk>/xlsx/", views.review_xlsx, name="review_xlsx"),
    path("services/", views.services_list, name="services"),
    path("services/<int:pk>/", views.aggregate, name="aggregate"),
    path("services/<int:pk>/pdf/", views.aggregate_pdf, name="aggregate_pdf"),
    path("services/<int:pk>/xlsx/", views.aggregate_xlsx, name="aggregate_xlsx"),
]
