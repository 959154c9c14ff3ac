from django.http import HttpRequest, QueryDict


def posted(request: HttpRequest) -> QueryDict | None:
    """Form data for a POST, even an empty one (all boxes unticked); None for a GET.

    `request.POST or None` would treat an empty POST as a GET and silently save nothing.
    """
    return request.POST if request.method == "POST" else None
