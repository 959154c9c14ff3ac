from django.http import HttpRequest, QueryDict
from django.utils.http import url_has_allowed_host_and_scheme


def posted(request: HttpRequest) -> QueryDict | None:
    """Form data for a POST, even an empty one (all boxes unticked); None for a GET.

    `request.POST or None` would treat an empty POST as a GET and silently save nothing.
    """
    return request.POST if request.method == "POST" else None


def back_to(request: HttpRequest, default: str) -> str:
    """Where a post button came from (its `next` field), when that is a path on this site;
    `default` otherwise, so a crafted `next` never sends her elsewhere."""
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default
