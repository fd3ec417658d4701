"""The entry-state rules in categories/status.py, and that every view agrees."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup

from base.times import describe_time_left, format_moment, time_left_until
from categories.status import CategoryState, EntryMode, category_status
from tests.factories import NOW, make_category

SECOND = timedelta(seconds=1)


@pytest.fixture
def open_category(programme, entry_form):
    return make_category(programme, "open-one", entry_form=entry_form)


def test_open_between_programme_dates(open_category, entry_form):
    status = category_status(open_category, now=NOW)
    assert status.state == CategoryState.OPEN
    assert status.label == "Open for entries"
    assert status.is_open
    assert status.message == "The deadline is Wednesday 31 March 2027, 1pm"
    assert status.time_left == "30 days left"
    assert status.action_label == "Start your entry"
    assert status.action_url == f"/entry-form/?category={open_category.pk}"
    assert status.next_change_at == open_category.get_programme().closes_at


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-SECOND, CategoryState.COMING_SOON),
        (timedelta(0), CategoryState.OPEN),
        (SECOND, CategoryState.OPEN),
    ],
)
def test_opening_boundary(programme, open_category, offset, expected):
    assert (
        category_status(open_category, now=programme.opens_at + offset).state
        == expected
    )


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-SECOND, CategoryState.OPEN),
        (timedelta(0), CategoryState.CLOSED),
        (SECOND, CategoryState.CLOSED),
    ],
)
def test_closing_boundary(programme, open_category, offset, expected):
    assert (
        category_status(open_category, now=programme.closes_at + offset).state
        == expected
    )


def test_coming_soon_says_when(programme, open_category):
    status = category_status(open_category, now=programme.opens_at - SECOND)
    # opens_at is NOW - 30 days: Saturday 30 January 2027, 12:00 UTC = 12pm GMT.
    assert status.message == "Entries open on Saturday 30 January 2027, 12pm"
    assert status.action_url == ""
    assert status.next_change_at == programme.opens_at


def test_closed_says_so_and_offers_no_entry(programme, open_category):
    status = category_status(open_category, now=programme.closes_at)
    assert status.message == "Entries are now closed"
    assert status.label == "Closed"
    assert (status.action_label, status.action_url, status.time_left) == ("", "", "")
    assert status.next_change_at is None


def test_closed_mode_wins_over_dates(programme, entry_form):
    category = make_category(
        programme, entry_mode=EntryMode.CLOSED, entry_form=entry_form
    )
    assert category_status(category, now=NOW).state == CategoryState.CLOSED


def test_invitation_shows_the_editors_note(programme):
    category = make_category(
        programme,
        entry_mode=EntryMode.INVITATION,
        invitation_note="Finalists come from the other awards.",
    )
    status = category_status(category, now=NOW)
    assert status.state == CategoryState.INVITATION
    assert status.message == "Not open for entries"
    assert status.label == "By invitation"
    assert status.invitation_note == "Finalists come from the other awards."
    assert status.action_url == ""


def test_category_dates_override_the_programme(programme, entry_form):
    extended = make_category(
        programme,
        "extended",
        entry_form=entry_form,
        closes_at=programme.closes_at + timedelta(days=7),
    )
    early = make_category(
        programme,
        "early",
        entry_form=entry_form,
        opens_at=programme.opens_at + timedelta(days=40),
    )
    after_programme_deadline = programme.closes_at + SECOND
    assert (
        category_status(extended, now=after_programme_deadline).state
        == CategoryState.OPEN
    )
    assert category_status(early, now=NOW).state == CategoryState.COMING_SOON
    assert (
        category_status(early, now=NOW + timedelta(days=11)).state == CategoryState.OPEN
    )


def test_deadline_on_the_day_the_clocks_go_forward(programme, entry_form):
    # Sunday 28 March 2027: clocks go from 01:00 GMT to 02:00 BST.
    # A 5pm deadline that day is 16:00 UTC, not 17:00.
    deadline = datetime(2027, 3, 28, 16, 0, tzinfo=UTC)
    category = make_category(programme, entry_form=entry_form, closes_at=deadline)
    assert category_status(category, now=deadline - SECOND).state == CategoryState.OPEN
    assert category_status(category, now=deadline).state == CategoryState.CLOSED
    assert format_moment(deadline) == "Sunday 28 March 2027, 5pm"


def test_deadline_on_the_day_the_clocks_go_back(programme, entry_form):
    # Sunday 31 October 2027: 02:00 BST becomes 01:00 GMT, so 01:30 happens twice.
    # The second 01:30 (GMT) is 01:30 UTC; the state follows the stored instant.
    deadline = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    programme.closes_at = deadline + timedelta(days=1)
    programme.save()
    category = make_category(programme, entry_form=entry_form, closes_at=deadline)
    assert category_status(category, now=deadline - SECOND).state == CategoryState.OPEN
    assert category_status(category, now=deadline).state == CategoryState.CLOSED
    assert format_moment(deadline) == "Sunday 31 October 2027, 1:30am"


def test_times_are_shown_in_uk_summer_time():
    assert (
        format_moment(datetime(2027, 6, 1, 8, 5, tzinfo=UTC))
        == "Tuesday 1 June 2027, 9:05am"
    )


@pytest.mark.parametrize(
    ("left", "text"),
    [
        (timedelta(days=3, hours=5), "3 days left"),
        (timedelta(days=1, hours=23), "47 hours left"),
        (timedelta(minutes=90), "90 minutes left"),
        (timedelta(seconds=59), "less than 2 minutes left"),
    ],
)
def test_time_left(left, text):
    assert describe_time_left(NOW, NOW + left) == text


def test_open_category_without_a_live_form_offers_no_link(programme, entry_form):
    category = make_category(programme, entry_form=entry_form)
    entry_form.unpublish()
    category.refresh_from_db()
    status = category_status(category, now=NOW)
    assert status.state == CategoryState.OPEN
    assert status.action_url == ""


def shown_on_category_page(client, category) -> str:
    soup = BeautifulSoup(client.get(category.url).content, "html.parser")
    return soup.select_one(".status__label").get_text(strip=True)


def shown_in_listing(client, programme, category) -> str:
    soup = BeautifulSoup(client.get(programme.url).content, "html.parser")
    for card in soup.select(".card"):
        if card.select_one(".card__title").get_text(strip=True) == category.title:
            return card.select_one(".badge").get_text(strip=True)
    raise AssertionError(f"{category.title} is not listed")


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(lambda p: p.opens_at - SECOND, id="second-before-opening"),
        pytest.param(lambda p: p.opens_at, id="opening"),
        pytest.param(lambda p: p.closes_at - SECOND, id="second-before-closing"),
        pytest.param(lambda p: p.closes_at, id="closing"),
    ],
)
def test_page_listing_and_function_agree(client, programme, entry_form, moment):
    open_one = make_category(programme, "open-mode", entry_form=entry_form)
    invited = make_category(
        programme, "invited", entry_mode=EntryMode.INVITATION, invitation_note="By us."
    )
    with time_machine.travel(moment(programme), tick=False):
        for category in (open_one, invited):
            expected = category_status(category).label
            assert shown_on_category_page(client, category) == expected
            assert shown_in_listing(client, programme, category) == expected


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (NOW + timedelta(days=3), "3 days left"),
        (NOW + SECOND, "less than 2 minutes left"),
        (NOW, ""),
        (NOW - SECOND, ""),
        (None, ""),
    ],
)
def test_time_left_until_a_deadline(deadline, expected):
    assert time_left_until(deadline, now=NOW) == expected
