"""A judging round's state: the one place that compares a round with the clock.

Like ``categories.status.category_status``: ``now`` is a parameter, the result
is frozen, and the window is half-open, from ``opens_at`` (inclusive) to
``closes_at`` (exclusive), to the second, in UTC; messages show UK time.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils import timezone

from base.times import describe_time_left, format_moment


class RoundState(models.TextChoices):
    """Where a round is at a given moment."""

    UPCOMING = "upcoming", "Not open yet"
    OPEN = "open", "Open for judging"
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class RoundStatus:
    """What the judging area and the admin show about a round's window."""

    state: RoundState
    opens_at: datetime
    closes_at: datetime
    message: str
    next_change_at: datetime | None = None
    time_left: str = ""

    @property
    def label(self) -> str:
        """The short badge text, e.g. "Open for judging"."""
        return self.state.label

    @property
    def is_open(self) -> bool:
        """True while judges may save and submit score sheets."""
        return self.state == RoundState.OPEN


def round_status(judging_round, now: datetime | None = None) -> RoundStatus:
    """Say what state ``judging_round`` is in at ``now`` (default: this moment)."""
    now = now or timezone.now()
    opens_at, closes_at = judging_round.opens_at, judging_round.closes_at
    if now >= closes_at:
        return RoundStatus(
            RoundState.CLOSED,
            opens_at,
            closes_at,
            f"Judging closed on {format_moment(closes_at)}",
        )
    if now < opens_at:
        return RoundStatus(
            RoundState.UPCOMING,
            opens_at,
            closes_at,
            f"Judging opens on {format_moment(opens_at)}",
            next_change_at=opens_at,
        )
    return RoundStatus(
        RoundState.OPEN,
        opens_at,
        closes_at,
        f"Score sheets are due by {format_moment(closes_at)}",
        next_change_at=closes_at,
        time_left=describe_time_left(now, closes_at),
    )
