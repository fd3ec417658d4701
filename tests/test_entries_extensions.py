"""Extensions: one entry's own later deadline; its category stays closed to others."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from categories.status import CategoryState, EntryMode, category_status
from entries.lifecycle import EntryRefused, grant_extension
from entries.models import Entry
from tests.entries_helpers import (
    complete_answers,
    make_draft,
    make_open_category,
    make_staff,
    submit_through_check,
)
from tests.factories import NOW, make_entrant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

SECOND = timedelta(seconds=1)
# The category closes a day after NOW; one entry may go on for two days more.
CATEGORY_DEADLINE = NOW + timedelta(days=1)
EXTENSION = NOW + timedelta(days=3)


@pytest.fixture
def category(programme, entry_form):
    return make_open_category(programme, entry_form, closes_at=CATEGORY_DEADLINE)


@pytest.fixture
def extended(entrant, category):
    entry = make_draft(entrant, category, title="Given more time")
    Entry.objects.filter(pk=entry.pk).update(
        extended_until=EXTENSION, extension_reason="Illness in the team"
    )
    entry.refresh_from_db()
    return entry


@pytest.fixture
def other(category):
    return make_draft(make_entrant("other@example.org"), category, title="On time")


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# The state function


@pytest.mark.parametrize(
    ("moment", "for_entry", "public"),
    [
        (CATEGORY_DEADLINE - SECOND, CategoryState.OPEN, CategoryState.OPEN),
        (CATEGORY_DEADLINE, CategoryState.OPEN, CategoryState.CLOSED),
        (EXTENSION - SECOND, CategoryState.OPEN, CategoryState.CLOSED),
        (EXTENSION, CategoryState.CLOSED, CategoryState.CLOSED),
        (EXTENSION + SECOND, CategoryState.CLOSED, CategoryState.CLOSED),
    ],
)
def test_extension_opens_the_category_for_that_entry_alone(
    category, extended, other, moment, for_entry, public
):
    assert category_status(category, now=moment, entry=extended).state == for_entry
    assert category_status(category, now=moment, entry=other).state == public
    assert category_status(category, now=moment).state == public


def test_extended_status_names_the_entrants_own_deadline(category, extended):
    status = category_status(
        category, now=EXTENSION - timedelta(hours=5), entry=extended
    )
    assert status.is_open
    assert status.extended
    assert status.closes_at == EXTENSION
    assert status.message == (
        "Your deadline has been extended to Thursday 4 March 2027, 12pm"
    )
    assert status.time_left == "5 hours left"
    public = category_status(category, now=EXTENSION - timedelta(hours=5))
    assert (public.closes_at, public.extended, public.message) == (
        CATEGORY_DEADLINE,
        False,
        "Entries are now closed",
    )


def test_an_extension_before_the_deadline_changes_nothing(category, extended):
    Entry.objects.filter(pk=extended.pk).update(extended_until=NOW)
    extended.refresh_from_db()
    status = category_status(category, now=NOW, entry=extended)
    assert (status.closes_at, status.extended) == (CATEGORY_DEADLINE, False)


@pytest.mark.parametrize("until", [CATEGORY_DEADLINE, CATEGORY_DEADLINE - SECOND])
def test_an_extension_to_the_deadline_itself_is_no_extension(category, extended, until):
    Entry.objects.filter(pk=extended.pk).update(extended_until=until)
    extended.refresh_from_db()
    status = category_status(category, now=NOW, entry=extended)
    assert (status.closes_at, status.extended, status.message) == (
        CATEGORY_DEADLINE,
        False,
        "The deadline is Tuesday 2 March 2027, 12pm",
    )
    closed = category_status(category, now=CATEGORY_DEADLINE, entry=extended)
    assert (closed.state, closed.extended) == (CategoryState.CLOSED, False)


def test_closing_the_category_by_hand_overrides_extensions(category, extended):
    category.entry_mode = EntryMode.CLOSED
    category.save()
    assert category_status(category, now=NOW, entry=extended).state == (
        CategoryState.CLOSED
    )


# The entrant's views


def post_entry(client, entry, answers, action="save"):
    data = {**answers, "action": action, "version": entry.version}
    return client.post(reverse("entries:detail", args=[entry.pk]), data)


@pytest.mark.parametrize(("offset", "saved"), [(-SECOND, True), (timedelta(0), False)])
def test_saving_until_the_extension_to_the_second(
    client, entrant, extended, offset, saved
):
    client.force_login(entrant)
    with time_machine.travel(EXTENSION + offset, tick=False):
        response = post_entry(client, extended, {"title": "Saved late"})
    assert response.status_code == (302 if saved else 409)
    extended.refresh_from_db()
    assert (extended.answers.get("title") == "Saved late") is saved


def test_submitting_after_the_category_deadline_with_an_extension(
    client, entrant, extended, category, django_capture_on_commit_callbacks
):
    client.force_login(entrant)
    with (
        time_machine.travel(EXTENSION - SECOND, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = submit_through_check(client, extended, complete_answers(category))
    assert response["Location"] == reverse("entries:confirmation", args=[extended.pk])
    extended.refresh_from_db()
    assert (extended.status, extended.reference) == (
        Entry.Status.SUBMITTED,
        "PA27-0001",
    )


def test_others_are_refused_after_the_category_deadline(client, other):
    client.force_login(other.entrant)
    with time_machine.travel(CATEGORY_DEADLINE, tick=False):
        response = post_entry(client, other, {"title": "Too late"})
    assert response.status_code == 409
    assert (
        "entries are now closed"
        in soup_of(response).select_one("[role=alert]").get_text()
    )


@pytest.mark.parametrize("offset", [-SECOND, SECOND])
def test_category_page_shows_closed_to_others_around_the_extension(
    client, category, extended, offset
):
    with time_machine.travel(EXTENSION + offset, tick=False):
        page = soup_of(client.get(category.url))
        # Even to the entrant with the extension: the page is the category's.
        client.force_login(extended.entrant)
        own = soup_of(client.get(category.url))
    assert page.select_one(".status__label").get_text() == "Closed"
    assert page.select_one(".status__message").get_text() == "Entries are now closed"
    assert own.select_one(".status__label").get_text() == "Closed"


def test_entry_page_and_my_entries_show_the_entrants_own_deadline(
    client, entrant, extended
):
    client.force_login(entrant)
    with time_machine.travel(CATEGORY_DEADLINE + timedelta(hours=1), tick=False):
        page = soup_of(client.get(reverse("entries:detail", args=[extended.pk])))
        listing = soup_of(client.get(reverse("entries:list")))
    summary = {
        div.select_one("dt").get_text(): div.select_one("dd").get_text(" ", strip=True)
        for div in page.select(".summary-list > div")
    }
    assert summary["Category"] == (
        "Open for entries. Your deadline has been extended to Thursday 4 March "
        "2027, 12pm (47 hours left)"
    )
    assert page.select_one("[data-entry-form]") is not None  # still editable
    cells = [td.get_text(" ", strip=True) for td in listing.select("tbody tr td")]
    assert cells[1:4] == [
        "Open Category Open for entries",
        "Draft",
        "Thursday 4 March 2027, 12pm 47 hours left",
    ]


# Giving an extension: lifecycle and the admin


def test_grant_extension_sets_it_and_logs_who_and_why(extended, category):
    staff = make_staff("Entries team", "emma")
    with time_machine.travel(NOW, tick=False):
        entry = grant_extension(extended, NOW + timedelta(days=5), "Flood", staff)
    assert (entry.extended_until, entry.extension_reason, entry.extended_by) == (
        NOW + timedelta(days=5),
        "Flood",
        staff,
    )
    (log,) = ModelLogEntry.objects.filter(object_id=str(entry.pk))
    assert (log.action, log.user, log.timestamp, log.data) == (
        "entries.extend",
        staff,
        NOW,
        {"until": "2027-03-06T12:00:00+00:00", "reason": "Flood"},
    )
    assert log.message == "Extended to Saturday 6 March 2027, 12pm: Flood"


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (NOW - SECOND, "The extended deadline must be in the future."),
        (
            CATEGORY_DEADLINE,
            "The extended deadline must be after the category's deadline, "
            "Tuesday 2 March 2027, 12pm.",
        ),
    ],
)
def test_grant_extension_refusals(extended, until, message):
    staff = make_staff("Entries team", "emma")
    with time_machine.travel(NOW, tick=False), pytest.raises(EntryRefused) as refused:
        grant_extension(extended, until, "Reason", staff)
    assert refused.value.message == message
    assert not ModelLogEntry.objects.filter(object_id=str(extended.pk)).exists()


def extend_url(entry) -> str:
    return f"/admin/entries/extend/{entry.pk}/"


def test_admin_extension_form(
    client, extended, other, django_capture_on_commit_callbacks
):
    staff = make_staff("Entries team", "emma")
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False):
        form = soup_of(client.get(extend_url(other)))
        text = form.select_one(".nice-padding").get_text(" ", strip=True)
        assert "The category's deadline: Tuesday 2 March 2027, 12pm." in text
        field = form.select_one("input[name=extended_until]")
        assert field["type"] == "datetime-local"
        assert form.select_one("label[for=id_extended_until]").get_text(strip=True) == (
            "New deadline for this entry*"
        )

        # UK wall-clock time in, UTC stored (March 2027 is GMT).
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                extend_url(other),
                {"extended_until": "2027-03-05T17:00", "reason": "Bereavement"},
                follow=True,
            )
    assert response.redirect_chain == [(f"/admin/entries/inspect/{other.pk}/", 302)]
    assert [m.message.strip() for m in response.context["messages"]] == [
        f"Draft {other.pk}: On time may now be saved and submitted until "
        "Friday 5 March 2027, 5pm; other@example.org has been emailed."
    ]
    (email,) = mail.outbox
    assert email.to == ["other@example.org"]
    assert (
        email.subject == f"Your deadline for {other.category.title} has been extended"
    )
    assert email.body.startswith(
        "Your deadline has been extended.\n\nEntry: On time\n"
        f"Category: {other.category.title}\n\n"
        "The awards team has given your entry a later deadline. You can change and "
        "submit it until Friday 5 March 2027, 5pm (UK time):\n"
        f"http://localhost/entries/{other.pk}/\n"
    )
    assert "Bereavement" not in email.body  # the reason is the staff's note
    other.refresh_from_db()
    assert other.extended_until.isoformat() == "2027-03-05T17:00:00+00:00"
    page = soup_of(response)
    facts = dict(
        zip(
            [dt.get_text(strip=True) for dt in page.select("[data-entry-inspect] dt")],
            [
                dd.get_text(" ", strip=True)
                for dd in page.select("[data-entry-inspect] dd")
            ],
            strict=True,
        )
    )
    assert facts["Extension"] == (
        "Until Friday 5 March 2027, 5pm, given by Emma: Bereavement"
    )
    assert facts["Deadline for this entry"] == (
        "Open for entries. Your deadline has been extended to Friday 5 March "
        "2027, 5pm (4 days left)"
    )
    assert [a.get_text(strip=True) for a in page.select("footer a")] == [
        "Change extension",
        "Withdraw",
        "History",
    ]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"extended_until": "2027-03-02T11:00", "reason": "Flood"},
            [
                "The extended deadline must be after the category's deadline, "
                "Tuesday 2 March 2027, 12pm."
            ],
        ),
        (
            {"extended_until": "2027-03-05T17:00", "reason": ""},
            ["This field is required."],
        ),
        (
            {"extended_until": "next week", "reason": "Flood"},
            ["Enter a valid date/time."],
        ),
    ],
)
def test_admin_extension_form_errors_keep_the_form(client, other, data, errors):
    client.force_login(make_staff("Entries team", "emma"))
    with time_machine.travel(NOW, tick=False):
        response = client.post(extend_url(other), data)
    assert response.status_code == 200
    page = soup_of(response)
    shown = [e.get_text(" ", strip=True) for e in page.select(".error-message")]
    assert shown == errors
    # Browsers drop the newline Django writes after <textarea>.
    assert page.select_one("textarea[name=reason]").get_text() == f"\n{data['reason']}"
    other.refresh_from_db()
    assert other.extended_until is None
    assert not ModelLogEntry.objects.filter(object_id=str(other.pk)).exists()


def test_withdrawn_entries_cannot_be_extended(client, other):
    Entry.objects.filter(pk=other.pk).update(status=Entry.Status.WITHDRAWN)
    client.force_login(make_staff("Entries team", "emma"))
    response = client.get(extend_url(other), follow=True)
    assert response.redirect_chain == [(f"/admin/entries/inspect/{other.pk}/", 302)]
    assert [m.message.strip() for m in response.context["messages"]] == [
        f"Draft {other.pk}: On time is withdrawn."
    ]
