"""Turn Django form fields into the parameters of NHS.UK frontend macros.

Templates call `nhs_field(form["name"])` and get (component, params); `_forms.jinja`
renders the matching nhsuk-frontend-jinja macro. One id per field (its HTML name), so the
error summary can link to it: the input itself, or for radios and checkboxes the first one
(the macros number the others name-2, name-3...). Radios and checkboxes get no `id` of their
own: the macros would put it on the wrapper, clashing with the first input's, and the first
label would then label nothing.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from markupsafe import escape

T = TypeVar("T")


def _value(bf: BoundField) -> Any:
    value = bf.value()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def _kind(bf: BoundField) -> str:
    widget = bf.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


def nhs_field(bf: BoundField, extra: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    kind = _kind(bf)
    field = bf.field
    name = bf.html_name
    label = str(bf.label)
    params: dict[str, Any] = (
        {"name": name} if kind in ("radios", "checkboxes", "checkbox") else {"id": name, "name": name}
    )
    if field.help_text:
        # Help text marked safe (allauth's, Django's password rules) is HTML: pass it as HTML, or
        # the macro escapes it and she reads the tags (issue 11). Anything else is plain text.
        help_text = field.help_text
        params["hint"] = (
            {"html": escape(help_text)} if hasattr(help_text, "__html__") else {"text": str(help_text)}
        )
    if bf.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in bf.errors)}
    value = _value(bf)
    if kind in ("radios", "checkboxes"):
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        params["idPrefix"] = name
        params["fieldset"] = {"legend": {"text": label, "size": "s"}}
        params["items"] = [
            {"value": str(v), "text": str(text), "checked": str(v) in chosen}
            for v, text in field.choices  # type: ignore[attr-defined]
            if str(v) != ""
        ]
        if kind == "checkboxes":
            params["classes"] = "nhsuk-checkboxes--small"
    elif kind == "select":
        params["label"] = {"text": label}
        params["items"] = [
            {"value": str(v), "text": str(text), "selected": str(v) == str(value)}
            for v, text in field.choices  # type: ignore[attr-defined]
        ]
    elif kind == "checkbox":
        kind = "checkboxes"
        params["idPrefix"] = name
        params["items"] = [{"value": "on", "text": label, "checked": bool(value)}]
    else:
        params["label"] = {"text": label}
        params["value"] = value
        input_type = getattr(field.widget, "input_type", "text")
        params["type"] = "datetime-local" if isinstance(field, forms.DateTimeField) else input_type
        if input_type == "number":
            params["inputmode"] = "numeric"
            params["classes"] = "nhsuk-input--width-4"
        elif params["type"] in ("date", "datetime-local"):
            # As wide as what goes in it (NHS.UK's guidance for fixed-length input), not the column.
            params["classes"] = (
                "nhsuk-input--width-10" if params["type"] == "date" else "nhsuk-input--width-20"
            )
        if isinstance(field.widget, forms.Textarea):
            params["rows"] = 3
    if kind == "textarea":
        params["label"] = {"text": label}
        params["value"] = value
        params["rows"] = 3
    if extra:
        params.update(extra)
    return kind, params


def error_summary_items(*form_list: forms.BaseForm) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for form in form_list:
        for error in form.non_field_errors():
            items.append({"text": str(error)})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            html_name = form.add_prefix(name)
            for error in errors:
                items.append({"text": str(error), "href": f"#{html_name}"})
    return items


def add_service_errors(form_list: list[forms.BaseForm], error: ValidationError) -> None:
    """Put a service's ValidationError on the form that has the field (else the first form)."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form_list[0].add_error(None, message)
        return
    for field, messages_ in error.message_dict.items():
        target = next((f for f in form_list if field in f.fields), form_list[0])
        for message in messages_:
            target.add_error(field if field in target.fields else None, message)


def save_form(request: HttpRequest, form: forms.BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """The shape every form view shares: on a POST with valid data, save it through a service.

    Returns what `save` returned (the record it made or changed), or None when nothing was saved:
    a GET, a form with errors, or a service that refused (its ValidationError is put on the form,
    so the page shows it in the error summary). `save` gets the form's cleaned data.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors([form], error)
        return None


def saved(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    message: str | Callable[[T], str],
    then: str | Callable[[T], str],
) -> HttpResponse | None:
    """The whole of a form view's POST: save_form, then say so and go on.

    Returns the redirect to `then` (a URL, or a function of what was saved that gives one) with
    `message` shown, once the service has saved; None otherwise, and the view shows the form
    again, with any errors. Use it as `if done := saved(...): return done`.
    """
    result = save_form(request, form, save)
    if result is None:
        return None
    messages.success(request, message(result) if callable(message) else message)
    return redirect(then(result) if callable(then) else then)


def acted(
    request: HttpRequest,
    act: Callable[[], T],
    *,
    message: str | Callable[[T], str],
    then: str,
) -> HttpResponse:
    """The whole of a post button's view (close, revoke, retire, move to the full role): do it and
    say so, or say why the service refused; either way, back to `then`."""
    try:
        result = act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message(result) if callable(message) else message)
    return redirect(then)
