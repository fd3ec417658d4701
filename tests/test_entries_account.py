"""The account page: profile, email and password, the data download, deletion."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from entries.lifecycle import grant_extension
from entries.models import EntrantProfile, Entry, EntryDocument, private_storage
from tests.entries_helpers import (
    PDF,
    add_document,
    complete_answers,
    impact_key,
    make_draft,
    make_staff,
    make_submitted,
)
from tests.factories import NOW, make_entrant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PASSWORD = "correct horse 42"


@pytest.fixture
def entries(entrant, category):
    """A draft with a document and a submitted entry, and someone else's entry."""
    draft = make_draft(entrant, category, title="Half written")
    add_document(draft, "plan.pdf")
    submitted = make_submitted(
        entrant, category, "PA27-0001", NOW, **complete_answers(category)
    )
    other = make_entrant("other@example.org", full_name="Someone Else")
    theirs = make_submitted(
        other, category, "PA27-0002", NOW, title="Their secret entry"
    )
    return {"draft": draft, "submitted": submitted, "theirs": theirs}


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_the_header_links_to_the_account_page(signed_in, entrant):
    page = soup_of(signed_in.get(reverse("entries:list")))
    nav = page.select_one("nav[aria-label=Account]")
    assert [a.get_text() for a in nav.select("a")] == ["My entries", "Your account"]
    response = signed_in.get(nav.select("a")[1]["href"])
    page = soup_of(response)
    assert page.h1.get_text() == "Your account"
    assert [
        (row.dt.get_text(), row.dd.get_text())
        for row in page.select("[data-profile] > div")
    ] == [
        ("Full name", "Grace Hopper"),
        ("Organisation", "Example NHS Trust"),
        ("Job title", "Not given"),
        ("Phone number", "Not given"),
    ]
    links = {a.get_text(): a["href"] for a in page.select("main a")}
    assert links["Change your email address"] == "/accounts/email/"
    assert links["Change your password"] == "/accounts/password/change/"
    assert links["Download everything we hold about you"] == "/account/data.json"
    assert links["Delete your account"] == "/account/delete/"


def test_account_pages_need_sign_in(client):
    for name in ("home", "profile", "data", "delete"):
        response = client.get(reverse(f"myaccount:{name}"))
        assert response["Location"].startswith("/accounts/login/?next=/account/")


def test_edit_the_profile(signed_in, entrant):
    response = signed_in.post(
        reverse("myaccount:profile"),
        {"full_name": "", "organisation": "New Trust", "job_title": "", "phone": ""},
    )
    assert response.status_code == 400
    page = soup_of(response)
    assert [a.get_text() for a in page.select(".error-summary a")] == [
        "This field is required."
    ]
    assert page.select_one("#id_organisation")["value"] == "New Trust"
    response = signed_in.post(
        reverse("myaccount:profile"),
        {
            "full_name": "Grace B. Hopper",
            "organisation": "New Trust",
            "job_title": "Lead nurse",
            "phone": "020 7946 0000",
        },
    )
    assert response["Location"] == reverse("myaccount:home")
    profile = EntrantProfile.objects.get(user=entrant)
    assert (profile.full_name, profile.organisation, profile.job_title) == (
        "Grace B. Hopper",
        "New Trust",
        "Lead nurse",
    )
    assert profile.privacy_notice_version == "2026-11"  # consent is not re-given


def test_change_email_is_confirmed_before_it_replaces_the_old(signed_in, entrant):
    response = signed_in.post(
        "/accounts/email/", {"action_add": "", "email": "grace@new.example.org"}
    )
    assert response.status_code == 302
    (email,) = mail.outbox
    assert email.to == ["grace@new.example.org"]
    entrant.refresh_from_db()
    assert entrant.email == "entrant@example.org"  # not until confirmed
    key = email.body.split("/accounts/confirm-email/")[1].split("/")[0]
    signed_in.post(f"/accounts/confirm-email/{key}/")
    entrant.refresh_from_db()
    assert entrant.email == "grace@new.example.org"
    assert list(
        EmailAddress.objects.filter(user=entrant).values_list("email", "verified")
    ) == [("grace@new.example.org", True)]


def test_data_download_holds_exactly_the_entrants_data(
    signed_in, entrant, entries, category
):
    grant_extension(
        entries["draft"],
        NOW + timedelta(days=40),
        "Illness in the team",
        make_staff("Entries team", "emma"),
    )
    response = signed_in.get(reverse("myaccount:data"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="health-partnership-awards-my-data-2027-03-01.json"'
    )
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["account"] == {
        "email": "entrant@example.org",
        "email_addresses": [{"email": "entrant@example.org", "verified": True}],
        "created_at": "2027-03-01T12:00:00+00:00",
        "last_signed_in_at": "2027-03-01T12:00:00+00:00",
    }
    assert data["profile"] == {
        "full_name": "Grace Hopper",
        "organisation": "Example NHS Trust",
        "job_title": "",
        "phone": "",
    }
    assert data["consent"] == {
        "privacy_notice_version": "2026-11",
        "agreed_at": "2027-03-01T12:00:00+00:00",
    }
    assert [entry["reference"] for entry in data["entries"]] == [None, "PA27-0001"]
    draft, submitted = data["entries"]
    assert draft == {
        "reference": None,
        "title": "Half written",
        "category": category.title,
        "status": "Draft",
        "started_at": "2027-03-01T12:00:00+00:00",
        "last_saved_at": "2027-03-01T12:00:00+00:00",
        "submitted_at": None,
        "declaration_agreed": None,
        "answers_sha256": None,
        "extended_until": "2027-04-10T13:00:00+01:00",
        "extension_reason": "Illness in the team",
        "answers": [
            {"question": "Entry title", "answer": "Half written"},
            {"question": "Partner organisations", "answer": ""},
            {"question": "Impact", "answer": ""},
        ],
        "documents": [
            {
                "name": "plan.pdf",
                "size_bytes": len(PDF),
                "content_type": "application/pdf",
                "uploaded_at": "2027-03-01T12:00:00+00:00",
            }
        ],
    }
    assert submitted["answers"] == [
        {"question": "Entry title", "answer": "Faster scans for rural patients"},
        {
            "question": "Partner organisations",
            "answer": "Example NHS Trust and Scan Co",
        },
        {
            "question": "Impact",
            "answer": complete_answers(category)[impact_key(category)],
        },
    ]
    text = response.content.decode()
    for theirs in ("PA27-0002", "Their secret entry", "Someone Else", "other@"):
        assert theirs not in text
    assert "emma" not in text  # staff are not named


def test_delete_page_says_what_happens_to_submitted_entries(signed_in, entries):
    page = soup_of(signed_in.get(reverse("myaccount:delete")))
    assert [
        li.get_text(" ", strip=True) for li in page.select("[data-what-goes] li")
    ] == [
        "your account, email address and details;",
        "your 1 draft, with its answers and documents;",
        "your submitted entry PA27-0001 , with its answers and documents.",
    ]
    assert page.select_one("[data-submitted-warning]").get_text() == (
        "A submitted entry that is deleted is withdrawn from the awards and will "
        "not be judged. The awards team is told its reference number, and keeps "
        "nothing else about it. If you only want to stop one entry, withdraw it "
        "instead."
    )
    privacy = soup_of(signed_in.get(reverse("privacy"))).get_text(" ", strip=True)
    assert (
        "A submitted entry deleted this way is withdrawn from the awards and is "
        "not judged; the awards team keeps only its reference number"
    ) in privacy
    assert "We do not keep anonymised copies." in privacy


def test_deleting_the_account_does_what_the_privacy_notice_says(
    signed_in, entrant, entries
):
    make_staff("Entries team", "emma")
    files = [doc.file.name for doc in EntryDocument.objects.all()]
    submitted = entries["submitted"]
    ModelLogEntry.objects.create(
        content_type_id=ModelLogEntry.objects.model._meta.get_field("content_type")
        .related_model.objects.get_for_model(Entry)
        .pk,
        object_id=str(submitted.pk),
        label="PA27-0001",
        action="entries.extend",
        data={"reason": "Personal reasons of Grace"},
        timestamp=NOW,
    )
    wrong = signed_in.post(reverse("myaccount:delete"), {"password": "guess"})
    assert wrong.status_code == 400
    assert [a.get_text() for a in soup_of(wrong).select(".error-summary a")] == [
        "The password is not right"
    ]
    assert Entry.objects.filter(entrant=entrant).count() == 2

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = signed_in.post(reverse("myaccount:delete"), {"password": PASSWORD})
    assert response["Location"] == "/"
    assert not get_user_model().objects.filter(pk=entrant.pk).exists()
    assert not EntrantProfile.objects.filter(user_id=entrant.pk).exists()
    assert not EmailAddress.objects.filter(email="entrant@example.org").exists()
    assert list(Entry.objects.values_list("reference", flat=True)) == ["PA27-0002"]
    assert not any(private_storage().exists(name) for name in files)
    assert list(
        ModelLogEntry.objects.filter(object_id=str(submitted.pk)).values_list(
            "action", "label", "data", "user_id"
        )
    ) == [("entries.erase", "PA27-0001", {}, None)]
    (email,) = mail.outbox
    assert email.to == ["emma@awards.example.org"]
    assert email.subject == "Entries deleted with an entrant's account: PA27-0001"
    assert "Grace" not in email.body
    # Signed out, and the site says so.
    assert "_auth_user_id" not in signed_in.session
    page = soup_of(signed_in.get("/", follow=True))
    assert "Your account and everything in it have been deleted." in page.get_text()
