"""Ids and other whole numbers from the outside world, parsed one way.

``str.isdigit()`` is true for Unicode digits that ``int()`` refuses ("²") and
for ids no database column holds (twenty digits overflow SQLite's 64-bit
integers and PostgreSQL's 32-bit page ids). Every id in a URL, a query string
or a form goes through :func:`parse_id` or the ``<id:...>`` path converter, so
that a bad one is "not found" (404) or a reason (400), never a 500.
"""

import re

# Wagtail's page ids are PostgreSQL ``integer``s; our own ids are 64-bit, but a
# row past two thousand million is not one anybody can have been given.
MAX_ID = 2**31 - 1
ID_PATTERN = re.compile(r"[0-9]{1,10}")


def parse_id(value, *, maximum: int = MAX_ID) -> int | None:
    """``value`` as a whole number from 0 to ``maximum`` if it is written in
    ASCII digits, else None."""
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        return None
    number = int(value)
    return number if number <= maximum else None


class IdConverter:
    """``<id:pk>``: like Django's ``<int:pk>``, but only ids a table can hold.

    An id out of range does not match (Django answers 404), as an unknown one
    would not be found.
    """

    regex = ID_PATTERN.pattern

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"not an id: {value!r}")
        return number

    def to_url(self, value) -> str:
        return str(value)
