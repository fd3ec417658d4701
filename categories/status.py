"""The entry-state rules: the one place that says whether a category takes entries.

Everything that shows or uses a category's state (the category page, listings, the
home page, and later the API, the entry views and the cache) calls
:func:`category_status`. Nothing else compares dates with the entry window.

Times are stored in UTC. A window is open from ``opens_at`` (inclusive) to
``closes_at`` (exclusive), to the second, whatever the clocks in London do.
A category's own ``opens_at``/``closes_at`` override its programme's.

Asked about one entry (``entry=``), the function also honours that entry's
extension (``Entry.extended_until``, granted by staff): the category stays open
for that entry, and only that entry, until its own later deadline.
"""

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from base.times import describe_time_left, format_moment


class EntryMode(models.TextChoices):
    """What the editor chose for a category; dates decide the rest."""

    OPEN = "open", "Open for entries (between the opening and closing dates)"
    CLOSED = "closed", "Closed (no entries, whatever the dates)"
    INVITATION = "invitation", "By invitation only (not open for entries)"


class CategoryState(models.TextChoices):
    """A category's state at a given moment, as visitors see it."""

    COMING_SOON = "coming_soon", "Coming soon"
    OPEN = "open", "Open for entries"
    CLOSED = "closed", "Closed"
    INVITATION = "invitation", "By invitation"


@dataclass(frozen=True)
class CategoryStatus:
    """Everything a page, listing or API needs to show a category's state."""

    state: CategoryState
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    message: str = ""
    action_label: str = ""
    action_url: str = ""
    invitation_note: str = ""
    # When this state ends (None: not by itself): caches keep nothing past it.
    next_change_at: datetime | None = None
    time_left: str = ""
    # True when ``closes_at`` is one entry's own extended deadline.
    extended: bool = False

    @property
    def label(self) -> str:
        """The short badge text, e.g. "Open for entries"."""
        return self.state.label

    @property
    def is_open(self) -> bool:
        """True while entries can be started and submitted."""
        return self.state == CategoryState.OPEN

    @property
    def next_change(self) -> str:
        """When this state ends by itself, for editors: "Closes Friday 26 March
        2027, 5pm", "Opens ...", or "" (closed and invitation-only categories
        change only when an editor changes them)."""
        if self.next_change_at is None:
            return ""
        verb = "Opens" if self.state == CategoryState.COMING_SOON else "Closes"
        return f"{verb} {format_moment(self.next_change_at)}"


def entry_window(category, programme=None) -> tuple[datetime | None, datetime | None]:
    """The category's (opens_at, closes_at): its own dates, else its programme's.

    Pass ``programme`` when it is already loaded (listings) to save a query.
    """
    if programme is None and (category.opens_at is None or category.closes_at is None):
        programme = category.get_programme()
    opens_at = category.opens_at or getattr(programme, "opens_at", None)
    closes_at = category.closes_at or getattr(programme, "closes_at", None)
    return opens_at, closes_at


def extended_deadline(closes_at: datetime | None, entry) -> datetime | None:
    """The entry's own deadline if staff extended it past ``closes_at``, else None.

    An extension only moves a deadline later; a category without a deadline
    needs none.
    """
    extended_until = getattr(entry, "extended_until", None)
    if closes_at is None or extended_until is None or extended_until <= closes_at:
        return None
    return extended_until


def category_status(
    category, now: datetime | None = None, programme=None, entry=None
) -> CategoryStatus:
    """Say what state ``category`` is in at ``now`` (default: this moment).

    A missing opening date means "already open"; a missing closing date means
    "no deadline". ``programme`` may be passed by listings that have it loaded.

    With ``entry``, the state is the one that entry's entrant sees: an extension
    moves the deadline for that entry alone (the editor's "closed" or
    "invitation" mode and the opening time still apply). Without it, the
    category's public state.
    """
    now = now or timezone.now()
    opens_at, closes_at = entry_window(category, programme)
    extension = extended_deadline(closes_at, entry)
    if extension is not None:
        closes_at = extension
    mode = category.entry_mode
    entry_url = category.get_entry_url() or ""

    if mode == EntryMode.INVITATION:
        return CategoryStatus(
            state=CategoryState.INVITATION,
            opens_at=opens_at,
            closes_at=closes_at,
            message="Not open for entries",
            invitation_note=category.invitation_note,
        )
    if mode == EntryMode.CLOSED or (closes_at is not None and now >= closes_at):
        return CategoryStatus(
            state=CategoryState.CLOSED,
            opens_at=opens_at,
            closes_at=closes_at,
            message="Entries are now closed",
            extended=extension is not None,
        )
    if opens_at is not None and now < opens_at:
        return CategoryStatus(
            state=CategoryState.COMING_SOON,
            opens_at=opens_at,
            closes_at=closes_at,
            message=f"Entries open on {format_moment(opens_at)}",
            next_change_at=opens_at,
        )
    if extension is not None:
        deadline = f"Your deadline has been extended to {format_moment(closes_at)}"
    elif closes_at:
        deadline = f"The deadline is {format_moment(closes_at)}"
    else:
        deadline = ""
    return CategoryStatus(
        state=CategoryState.OPEN,
        opens_at=opens_at,
        closes_at=closes_at,
        message=deadline or "Open for entries",
        action_label="Start your entry" if entry_url else "",
        action_url=entry_url,
        next_change_at=closes_at,
        time_left=describe_time_left(now, closes_at) if closes_at else "",
        extended=extension is not None,
    )


# What a coming-soon preview shows for a category whose window has no opening
# date yet (a new page not yet under a programme): it opens a week later.
PREVIEW_OPENS_IN = timedelta(days=7)


def status_in_state(
    category, state: str, now: datetime | None = None, programme=None
) -> CategoryStatus:
    """What the category will show in ``state``: for editors' previews only.

    :func:`category_status` still decides, asked about a copy of the category
    in the mode and at the moment that give that state: "open" at this moment
    if the window is open now, else at its opening; "coming soon" just before
    it opens; "closed" and "invitation" by their modes. So the preview shows the
    real messages, dates and buttons of that state. Nothing is saved.
    """
    now = now or timezone.now()
    state = CategoryState(state)
    preview = copy.copy(category)
    opens_at, closes_at = entry_window(category, programme)
    moment = now
    if state in (CategoryState.CLOSED, CategoryState.INVITATION):
        preview.entry_mode = (
            EntryMode.CLOSED if state == CategoryState.CLOSED else EntryMode.INVITATION
        )
    elif state == CategoryState.COMING_SOON:
        preview.entry_mode = EntryMode.OPEN
        if opens_at is None:
            preview.opens_at = opens_at = now + PREVIEW_OPENS_IN
        moment = min(now, opens_at - timedelta(seconds=1))
    else:
        preview.entry_mode = EntryMode.OPEN
        if opens_at is not None and now < opens_at:
            moment = opens_at
        elif closes_at is not None and now >= closes_at:
            moment = opens_at or closes_at - timedelta(days=1)
    return category_status(preview, now=moment, programme=programme)
