"""Moments as people in the UK read them, and how long is left before one.

Times are stored in UTC; these show them in UK time (``Europe/London``, the
project's default time zone), across clock changes.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format


def format_moment(moment: datetime) -> str:
    """A moment in UK time as people write it: "Friday 26 March 2027, 5pm".

    A moment with seconds keeps its minutes ("5:00pm", not "5pm"), so that a
    deadline a few seconds after the hour is not read as on the hour.
    """
    local = timezone.localtime(moment, timezone.get_default_timezone())
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute or local.second else ""
    suffix = "am" if local.hour < 12 else "pm"
    return f"{date_format(local, 'l j F Y')}, {hour}{minutes}{suffix}"


def format_moment_exact(moment: datetime) -> str:
    """A moment in UK time to the second, with its zone: for records.

    E.g. "Monday 1 March 2027, 12:00:05pm GMT" (or BST in summer), so that
    nobody has to guess which clock, or which side of the hour, it means.
    """
    local = timezone.localtime(moment, timezone.get_default_timezone())
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    clock = f"{hour}:{local.minute:02d}:{local.second:02d}{suffix}"
    return f"{date_format(local, 'l j F Y')}, {clock} {local.tzname()}"


def describe_time_left(now: datetime, deadline: datetime) -> str:
    """How long is left before ``deadline``, in the largest whole unit."""
    seconds = int((deadline - now).total_seconds())
    days, hours, minutes = seconds // 86400, seconds // 3600, seconds // 60
    if days >= 2:
        return f"{days} days left"
    if hours >= 2:
        return f"{hours} hours left"
    if minutes >= 2:
        return f"{minutes} minutes left"
    # Lower case: it is read inside a sentence, "Open for entries (less than 2
    # minutes left)"; where it starts a line the template capitalises it.
    return "less than 2 minutes left"


def time_left_until(deadline: datetime | None, now: datetime | None = None) -> str:
    """How long is left before ``deadline``, or "" without one or once it passed."""
    now = now or timezone.now()
    if deadline is None or now >= deadline:
        return ""
    return describe_time_left(now, deadline)
