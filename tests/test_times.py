"""UK time as people read it (base/times.py)."""

from datetime import UTC, datetime

import pytest

from base.times import format_moment


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2027, 3, 26, 17, 0, tzinfo=UTC), "Friday 26 March 2027, 5pm"),
        (datetime(2027, 3, 26, 17, 0, 30, tzinfo=UTC), "Friday 26 March 2027, 5:00pm"),
        (datetime(2027, 3, 26, 17, 30, tzinfo=UTC), "Friday 26 March 2027, 5:30pm"),
        (datetime(2027, 3, 26, 0, 0, tzinfo=UTC), "Friday 26 March 2027, 12am"),
        (datetime(2027, 3, 26, 12, 0, tzinfo=UTC), "Friday 26 March 2027, 12pm"),
        (datetime(2027, 3, 26, 11, 59, tzinfo=UTC), "Friday 26 March 2027, 11:59am"),
        # British Summer Time: 16:00 UTC is 5pm in London.
        (datetime(2027, 6, 25, 16, 0, tzinfo=UTC), "Friday 25 June 2027, 5pm"),
    ],
)
def test_format_moment(moment, text):
    assert format_moment(moment) == text
