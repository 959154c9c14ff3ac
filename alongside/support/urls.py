from django.urls import path

from alongside.support import views

app_name = "support"
urlpatterns = [
    path("refer/", views.refer, name="refer"),
    path("referrals/", views.unallocated, name="unallocated"),
    path("peer-support/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("peer-support/<int:pk>/status/", views.change_status, name="status"),
    path("peer-support/<int:pk>/contact/", views.log_contact, name="contact"),
    path("people/<int:pk>/withdraw-consent/", views.withdraw_consent, name="withdraw_consent"),
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/register/", views.register, name="register"),
    path("groups/<int:pk>/register/print/", views.register_print, name="register_print"),
]
