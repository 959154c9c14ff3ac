"""The grid's figures about its actions, each defined once (ADR 0004): the reminders use them."""

import datetime as dt

from django.db.models import QuerySet

from alongside.grid.models import GridAction

ACTION_DUE_SOON_DAYS = 7  # an action due within a week is "due": time still to do it


def actions_due(actions: QuerySet[GridAction], today: dt.date) -> QuerySet[GridAction]:
    """Of these actions, those not yet done and due within ACTION_DUE_SOON_DAYS or overdue, soonest
    first. Takes actions already scoped (alongside.grid.access.my_open_actions)."""
    soon = today + dt.timedelta(days=ACTION_DUE_SOON_DAYS)
    return actions.filter(done_on__isnull=True, due_on__lte=soon).order_by("due_on", "pk")


def action_overdue(action: GridAction, today: dt.date) -> bool:
    """Past its date and not done: the grid page and Today tag it "Overdue"."""
    return action.done_on is None and action.due_on < today
