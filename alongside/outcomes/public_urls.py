"""Her one-time feedback link: no login, so a namespace of its own that the URL walk leaves to
alongside/outcomes/tests/test_feedback.py (as it leaves the ORUK API to its tests)."""

from django.urls import path

from alongside.outcomes import views

app_name = "feedback_link"
urlpatterns = [path("<str:token>/", views.feedback_public, name="form")]
