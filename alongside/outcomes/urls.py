from django.urls import path

from alongside.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("peer-support/<int:pk>/goals/", views.goals, name="goals"),
    path("peer-support/<int:pk>/goals/show/", views.show, name="show"),
    path("peer-support/<int:pk>/goals/new/", views.goal_new, name="goal_new"),
    path("goals/<int:pk>/replace/", views.goal_replace, name="goal_replace"),
    path("goals/<int:pk>/rate/", views.goal_rate, name="goal_rate"),
    path("goals/<int:pk>/reword/", views.goal_reword, name="goal_reword"),
    path("goals/<int:pk>/finish/", views.goal_end, name="goal_end"),
    path("peer-support/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("peer-support/<int:pk>/feedback/together/", views.feedback_together, name="feedback_together"),
    path("stories/", views.stories, name="stories"),
    path("stories/new/", views.story_new, name="story_new"),
    path("stories/<int:pk>/", views.story, name="story"),
    path("stories/consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
]
