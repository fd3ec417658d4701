"""Entrants change their mind: delete a draft, withdraw a submitted entry."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from entries.lifecycle import (
    EntryRefused,
    delete_draft,
    notify_staff,
    reopen_entry,
    withdraw_own_entry,
)
from entries.models import Entry, EntryDocument, private_storage
from tests.entries_helpers import (
    add_document,
    complete_answers,
    make_draft,
    make_open_category,
    make_staff,
    make_submitted,
)
from tests.factories import NOW, make_entrant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

DEADLINE = NOW + timedelta(hours=1)


@pytest.fixture
def category(programme, entry_form):
    return make_open_category(programme, entry_form, closes_at=DEADLINE)


@pytest.fixture
def draft(entrant, category):
    entry = make_draft(entrant, category, title="Half written")
    add_document(entry, "plan.pdf")
    return entry


@pytest.fixture
def submitted(entrant, category):
    return make_submitted(
        entrant,
        category,
        "PA27-0001",
        NOW - timedelta(days=1),
        **complete_answers(category),
    )


@pytest.fixture
def team():
    return [make_staff("Entries team", "emma"), make_staff("Entries team", "omar")]


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def url(name, entry) -> str:
    return reverse(f"entries:{name}", args=[entry.pk])


def post(client, address):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(address)


def logs(entry):
    return list(
        ModelLogEntry.objects.filter(object_id=str(entry.pk))
        .order_by("timestamp", "pk")
        .values_list("action", "user__email", "data")
    )


# Deleting a draft


def test_delete_asks_first_and_says_what_goes(signed_in, draft):
    page = soup_of(signed_in.get(url("detail", draft)))
    assert page.select_one(".entry-changes a")["href"] == url("delete", draft)
    response = signed_in.get(url("delete", draft))
    page = soup_of(response)
    assert page.h1.get_text(" ", strip=True) == "Open Category Delete this draft"
    assert [p.get_text() for p in page.select("main > p")] == [
        "Its answers and its 1 document will be deleted straight away. This "
        "cannot be undone.",
        "You can start a new entry for the category while it is open.",
    ]
    assert page.select_one("main form button").get_text() == "Yes, delete this draft"
    assert Entry.objects.filter(pk=draft.pk).exists()  # asking changes nothing


def test_deleting_a_draft_removes_it_its_files_and_logs_who(signed_in, draft):
    name = draft.documents.get().file.name
    assert private_storage().exists(name)
    response = post(signed_in, url("delete", draft))
    assert response["Location"] == reverse("entries:list")
    assert not Entry.objects.filter(pk=draft.pk).exists()
    assert not EntryDocument.objects.exists()
    assert not private_storage().exists(name)
    assert logs(draft) == [
        ("entries.delete", "entrant@example.org", {"category": "Open Category"})
    ]
    page = soup_of(signed_in.get(response["Location"]))
    assert page.select_one(".message").get_text() == (
        "Your draft “Half written” was deleted."
    )


def test_a_submitted_or_reopened_entry_cannot_be_deleted(signed_in, submitted, team):
    for entry in (submitted, reopen_entry(submitted, team[0])):
        assert allows_delete_link(signed_in, entry) is False
        assert signed_in.get(url("delete", entry))["Location"] == url("detail", entry)
        post(signed_in, url("delete", entry))
        assert Entry.objects.filter(pk=entry.pk).exists()
        with pytest.raises(EntryRefused) as refused:
            delete_draft(entry, entry.entrant)
        assert refused.value.message == (
            "Only a draft that has never been submitted can be deleted."
        )


def allows_delete_link(client, entry) -> bool:
    page = soup_of(client.get(url("detail", entry)))
    return any(a["href"] == url("delete", entry) for a in page.select("a"))


def test_another_entrants_draft_cannot_be_deleted(client, draft):
    client.force_login(make_entrant("intruder@example.org"))
    assert client.get(url("delete", draft)).status_code == 404
    assert post(client, url("delete", draft)).status_code == 404
    assert Entry.objects.filter(pk=draft.pk).exists()
    assert logs(draft) == []


# Withdrawing a submitted entry


def test_withdraw_asks_first(signed_in, submitted):
    page = soup_of(signed_in.get(url("detail", submitted)))
    assert [a["href"] for a in page.select(".entry-changes a")] == [
        url("withdraw", submitted)
    ]
    page = soup_of(signed_in.get(url("withdraw", submitted)))
    assert page.h1.get_text(" ", strip=True) == "Open Category Withdraw this entry"
    assert page.select_one("main form button").get_text() == "Yes, withdraw this entry"
    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.SUBMITTED


def test_withdrawing_tells_the_team_once_and_logs_who(signed_in, submitted, team):
    response = post(signed_in, url("withdraw", submitted))
    assert response["Location"] == url("detail", submitted)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reference) == (
        Entry.Status.WITHDRAWN,
        "PA27-0001",
    )
    assert logs(submitted) == [
        (
            "entries.withdraw",
            "entrant@example.org",
            {"previous_status": "submitted", "by_entrant": True},
        )
    ]
    (email,) = mail.outbox
    assert email.to == ["emma@awards.example.org", "omar@awards.example.org"]
    assert email.subject == ("Entry withdrawn by its entrant: PA27-0001, Open Category")
    assert "Entrant: Grace Hopper, Example NHS Trust" in email.body
    assert f"/admin/entries/inspect/{submitted.pk}/" in email.body
    page = soup_of(signed_in.get(response["Location"]))
    assert page.select_one(".message").get_text() == (
        "Your entry PA27-0001 has been withdrawn. It will not be judged; the "
        "awards team has been told."
    )
    # The entry page no longer offers the category's state or a withdrawal.
    facts = page.select_one(".summary-list").get_text(" ", strip=True)
    assert "Open for entries" not in facts
    assert "This entry has been withdrawn and will not be judged." in facts
    assert page.select(".entry-changes") == []

    # Withdrawing again changes nothing and emails nobody.
    post(signed_in, url("withdraw", submitted))
    assert len(mail.outbox) == 1
    assert len(logs(submitted)) == 1


def test_withdrawing_is_refused_at_the_deadline(signed_in, submitted, team):
    with time_machine.travel(DEADLINE, tick=False):
        assert signed_in.get(url("withdraw", submitted))["Location"] == url(
            "detail", submitted
        )
        response = post(signed_in, url("withdraw", submitted))
        page = soup_of(signed_in.get(response["Location"]))
    assert [m.get_text() for m in page.select(".message--error")] == [
        "Only a submitted entry can be withdrawn, and only before its deadline.",
        "The deadline has passed, so you can no longer withdraw this entry here. "
        "Contact the awards team if you need to.",
    ]
    assert page.select(".entry-changes") == []
    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.SUBMITTED
    assert mail.outbox == []


def test_a_draft_is_deleted_not_withdrawn(signed_in, draft, team):
    post(signed_in, url("withdraw", draft))
    draft.refresh_from_db()
    assert draft.status == Entry.Status.DRAFT
    assert mail.outbox == []


def test_another_entrants_entry_cannot_be_withdrawn(client, submitted, team):
    client.force_login(make_entrant("intruder@example.org"))
    assert client.get(url("withdraw", submitted)).status_code == 404
    assert post(client, url("withdraw", submitted)).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.SUBMITTED
    assert mail.outbox == []


# The rules' edges, called as the views call them


def test_deleting_a_draft_deletes_that_draft_alone(entrant, draft, category):
    mine = make_draft(entrant, category, title="Another of mine")
    theirs = make_draft(make_entrant("other@example.org"), category, title="Theirs")
    delete_draft(draft, entrant)
    assert sorted(Entry.objects.values_list("title", flat=True)) == [
        "Another of mine",
        "Theirs",
    ]
    assert {mine.pk, theirs.pk} == set(Entry.objects.values_list("pk", flat=True))


def test_a_draft_submitted_meanwhile_is_not_deleted(entrant, draft):
    # Another tab submitted it after this one read it as a draft.
    Entry.objects.filter(pk=draft.pk).update(
        status=Entry.Status.SUBMITTED, reference="PA27-0009"
    )
    with pytest.raises(EntryRefused) as refused:
        delete_draft(draft, entrant)
    assert refused.value.message == (
        "This entry is no longer a draft, so it was not deleted."
    )
    assert Entry.objects.get(pk=draft.pk).reference == "PA27-0009"
    assert logs(draft) == []


def test_only_a_submitted_entry_is_withdrawn_by_its_entrant(entrant, draft):
    with pytest.raises(EntryRefused) as refused:
        withdraw_own_entry(draft, entrant)
    assert refused.value.message == "Only a submitted entry can be withdrawn."


def test_withdrawing_asks_the_deadline_at_the_moment_given(entrant, submitted, team):
    with pytest.raises(EntryRefused):
        withdraw_own_entry(submitted, entrant, now=DEADLINE)
    assert withdraw_own_entry(submitted, entrant, now=DEADLINE - timedelta(seconds=1))


def test_an_extension_lets_its_entrant_withdraw_after_the_deadline(
    entrant, submitted, team
):
    Entry.objects.filter(pk=submitted.pk).update(
        extended_until=DEADLINE + timedelta(days=2)
    )
    submitted.refresh_from_db()
    later = DEADLINE + timedelta(days=1)
    entry = withdraw_own_entry(submitted, entrant, now=later)
    assert entry.status == Entry.Status.WITHDRAWN


def test_staff_are_not_emailed_when_there_is_no_team(submitted):
    assert notify_staff(submitted.pk, "staff_withdrawn", "Subject") is False
    assert mail.outbox == []


def test_the_staff_email_links_the_admin_and_needs_no_profile(
    submitted, team, settings, django_assert_num_queries
):
    settings.WAGTAILADMIN_BASE_URL = "https://awards.example.org/"
    submitted.entrant.entrant.delete()  # e.g. an account made in the admin
    # The team's addresses, the entry with its category and entrant, the site;
    # then the outbox's row and task, which the test's immediate backend runs.
    with django_assert_num_queries(7):
        assert notify_staff(submitted.pk, "staff_withdrawn", "{entry.reference}")
    (email,) = mail.outbox
    assert email.subject == "PA27-0001"
    assert (
        f"https://awards.example.org/admin/entries/inspect/{submitted.pk}/\n"
        in email.body
    )
