"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

from typing import Any

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from alongside.lib.nhs_number import display as nhs_number_display
from alongside.lib.nhsforms import error_summary_items, nhs_field
from alongside.navigation import may_open, nav_items
from alongside.transitions.notices import transition_notices
from alongside.visits.banners import safety_banners


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def link(href: str, text: object, hidden: str = "") -> Markup:
    """A link for a table cell, escaped safely; `hidden` is extra text for screen readers only."""
    if hidden:
        return Markup('<a href="{}">{}<span class="nhsuk-u-visually-hidden">{}</span></a>').format(
            href, text, hidden
        )
    return Markup('<a href="{}">{}</a>').format(href, text)


def environment(**options: Any) -> Environment:
    loader = options.pop("loader", None)
    loaders = [loader] if loader else []
    options["loader"] = ChoiceLoader([*loaders, PackageLoader("nhsuk_frontend_jinja")])
    options["undefined"] = ChainableUndefined
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    # nhsuk-frontend-jinja's macros are written for reading, one tag a line: without these, each
    # table cell brings about 2 KB of blank lines (a 50-row table was 250 KB). They strip only the
    # whitespace around {% %} tags, never text or {{ }} output.
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = Environment(**options)  # noqa: S701 - Django's backend turns autoescape on
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": messages.get_messages,
            "nhs_field": nhs_field,
            "error_summary_items": error_summary_items,
            "nav_items": nav_items,
            "may_open": may_open,
            "link": link,
            "safety_banners": safety_banners,
            "transition_notices": transition_notices,
            "localtime": timezone.localtime,
        }
    )
    env.filters["nhs_number"] = nhs_number_display
    env.filters["date"] = lambda d, fmt="%-d %b %Y": d.strftime(fmt) if d else ""
    return env
