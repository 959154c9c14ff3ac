"""Her timetable's pages (namespace "timetable") and her private calendar feed at /calendar/
(namespace "calendar_feed": no login, only the secret in its address; ADR 0011)."""

from django.urls import include, path

from alongside.timetable import views

pages = [
    path("timetable/", views.mine, name="mine"),
    path("timetable/slots/<int:pk>/", views.slot_edit, name="slot_edit"),
    path("timetable/slots/<int:pk>/delete/", views.slot_delete, name="slot_delete"),
    path("what-i-offer/", views.offer, name="offer"),
    path("timetable/calendar/", views.calendar, name="calendar"),
    path("timetables/", views.team, name="team"),
    path("timetables/<int:pk>/", views.member, name="member"),
    path("timetables/menu/", views.menu, name="menu"),
    path("timetables/menu/<int:pk>/retire/", views.menu_retire, name="menu_retire"),
]

feed = [path("<str:token>.ics", views.calendar_feed, name="feed")]

urlpatterns = [
    path("", include((pages, "timetable"))),
    path("calendar/", include((feed, "calendar_feed"))),
]
