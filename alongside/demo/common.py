"""What every part of the demo builder shares: one seeded source of randomness, one "today" and one "now"."""

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils import timezone
from faker import Faker

T = TypeVar("T")


@dataclass
class Context:
    rng: random.Random
    fake: Faker
    today: dt.date
    tz: dt.tzinfo
    now: dt.datetime  # nothing but a planned visit is later than this

    @classmethod
    def start(cls, seed: int, today: dt.date) -> "Context":
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        tz = timezone.get_default_timezone()
        # Building for another day (tests can): "now" is noon on it, so the day looks the same.
        now = timezone.now() if today == timezone.localdate() else dt.datetime.combine(today, dt.time(12), tz)
        return cls(rng=random.Random(seed), fake=fake, today=today, tz=tz, now=now)

    def weighted(self, options: Mapping[T, float]) -> T:
        return self.rng.choices(list(options), weights=list(options.values()))[0]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def choice(self, options: Sequence[T]) -> T:
        return self.rng.choice(options)

    def days_ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        """Wall-clock time in London on that day (the hours used never fall in a clock change)."""
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.tz)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)
