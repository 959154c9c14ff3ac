import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from alongside.equity.groups import categories, check_category
from alongside.equity.models import Dimension
from alongside.lib import dates
from alongside.organisations.models import Service
from alongside.people.forms import DATE
from alongside.support.metrics import last_12_months

LINE = re.compile(r"^\s*(?P<name>.+?)\s*[:,]\s*(?P<percent>\S+?)\s*%?\s*$")
HUNDRED = Decimal(100)


class PeriodForm(forms.Form):
    service = forms.TypedChoiceField(coerce=int, required=False, label="Service")
    start = dates.DateField(widget=DATE, label="From")
    end = dates.DateField(widget=DATE, label="To")

    def __init__(self, *args: Any, services: list[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s.pk, s.name) for s in services]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if end and end > timezone.localdate():
            self.add_error("end", "The end of the period cannot be in the future")
        elif start and end and start > end:
            self.add_error("start", "The start of the period must be on or before its end")
        return data


class PopulationForm(forms.Form):
    """A dimension's population shares: a box for each group of a fixed list, or lines of text."""

    source = forms.CharField(
        required=False,
        max_length=200,
        label="Where the figures come from",
        help_text="For example: Census 2021, women aged 16 to 49 living in the area",
    )

    def __init__(self, *args: Any, dimension: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dimension = dimension
        self.fixed = categories(dimension)
        for i, (_, label) in enumerate(self.fixed):
            self.fields[f"share_{i}"] = forms.DecimalField(
                required=False,
                max_digits=5,
                decimal_places=2,
                label=f"{label} (percent)",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                error_messages={
                    "invalid": f"Enter the share for {label} as a number, like 4.5",
                    "max_digits": f"The share for {label} must be between 0 and 100",
                    "max_whole_digits": f"The share for {label} must be between 0 and 100",
                    "max_decimal_places": f"Give the share for {label} to 2 decimal places at most",
                },
            )
        if not self.fixed:
            noun = "language" if dimension == Dimension.LANGUAGE else "postcode district"
            example = "Urdu: 4.5" if dimension == Dimension.LANGUAGE else "B12: 3.2"
            self.fields["lines"] = forms.CharField(
                widget=forms.Textarea,
                required=False,
                label=f"Each {noun} and its share (percent)",
                help_text=f"One a line, for example {example}",
            )
        self.fields["source"] = self.fields.pop("source")  # last, after the figures

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        shares = self._shares(data)
        total = sum(shares.values(), Decimal(0))
        if total > HUNDRED:
            self.add_error(None, f"The shares add up to {total:g}%: they must not add up to more than 100%")
        if shares and not data.get("source", "").strip():
            self.add_error("source", "Say where the figures come from, for example Census 2021")
        data["shares"] = shares
        return data

    def _shares(self, data: dict[str, Any]) -> dict[str, Decimal]:
        if self.fixed:
            found = {}
            for i, (category, label) in enumerate(self.fixed):
                value = data.get(f"share_{i}")
                if value is not None and not Decimal(0) <= value <= HUNDRED:
                    self.add_error(f"share_{i}", f"The share for {label} must be between 0 and 100")
                elif value is not None:
                    found[category] = value
            return found
        return self._parse(data.get("lines", ""))

    def _parse(self, text: str) -> dict[str, Decimal]:
        found: dict[str, Decimal] = {}
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            match = LINE.match(line)
            category = check_category(self.dimension, match["name"]) if match else ""
            try:
                percent = Decimal(match["percent"]) if match else None
            except InvalidOperation:
                percent = None
            if not category or percent is None or not percent.is_finite():
                example = "Urdu: 4.5" if self.dimension == Dimension.LANGUAGE else "B12: 3.2"
                self.add_error("lines", f"Line {n} is not a {self._noun()} and a share, like {example}")
            elif category in found:
                self.add_error("lines", f"{category} is given twice")
            elif not Decimal(0) <= percent <= HUNDRED:
                self.add_error("lines", f"The share for {category} must be between 0 and 100")
            else:
                found[category] = percent
        return found

    def _noun(self) -> str:
        return "language" if self.dimension == Dimension.LANGUAGE else "postcode district"

    @classmethod
    def initial_for(cls, dimension: str, shares: list[Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {"source": shares[0].source if shares else ""}
        fixed = [category for category, _ in categories(dimension)]
        by_category = {s.category: s.percent for s in shares}
        if fixed:
            for i, category in enumerate(fixed):
                if category in by_category:
                    initial[f"share_{i}"] = f"{by_category[category].normalize():f}"
        else:
            initial["lines"] = "\n".join(f"{s.category}: {s.percent.normalize():f}" for s in shares)
        return initial


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months, up to today: the same period as every other page (ADR 0019)."""
    return last_12_months(today)
