"""Check your answers: every answer under its question, Change links, the
declaration, and submitting from there."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from entries.models import DEFAULT_DECLARATION, Entry
from tests.entries_helpers import (
    add_document,
    check_url,
    complete_answers,
    impact_key,
    make_draft,
    make_open_category,
)
from tests.factories import NOW, make_entrant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def ready(entrant, category):
    """A draft whose answers pass submission's checks, with one document."""
    entry = make_draft(entrant, category, **complete_answers(category))
    add_document(entry, "Project plan.pdf", size=2048)
    return entry


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def detail_url(entry) -> str:
    return reverse("entries:detail", args=[entry.pk])


def post_check(client, entry, data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(check_url(entry), data)


def test_continue_saves_and_leads_to_the_check_page(signed_in, entrant, category):
    draft = make_draft(entrant, category)
    response = signed_in.post(
        detail_url(draft),
        {**complete_answers(category), "action": "check", "version": 1},
    )
    assert response["Location"] == check_url(draft)
    draft.refresh_from_db()
    assert (draft.answers, draft.version, draft.status) == (
        complete_answers(category),
        2,
        Entry.Status.DRAFT,
    )


def test_check_page_lists_every_answer_with_words_change_links_and_documents(
    signed_in, ready, category
):
    response = signed_in.get(check_url(ready))
    assert response.status_code == 200
    page = soup_of(response)
    assert page.h1.get_text(" ", strip=True) == (
        f"{category.title} Check your answers before submitting your entry"
    )
    rows = [
        (
            row.select_one("dt").get_text(strip=True),
            row.select_one(".check-list__answer").get_text(" ", strip=True),
            row.select_one(".check-list__action a").get_text(" ", strip=True),
            row.select_one(".check-list__action a")["href"],
        )
        for row in page.select(".check-list__row")
    ]
    detail = detail_url(ready)
    key = impact_key(category)
    assert rows == [
        (
            "Entry title",
            "Faster scans for rural patients 5 words",
            "Change entry title",
            f"{detail}#id_title",
        ),
        (
            "Partner organisations",
            "Example NHS Trust and Scan Co 6 words of 50",
            "Change partner organisations",
            f"{detail}#id_partner_organisations",
        ),
        (
            "Impact",
            "Waits fell from six weeks to nine days. 8 words of 350",
            "Change impact",
            f"{detail}#id_{key}",
        ),
        (
            "Supporting documents",
            "Project plan.pdf (2.0\xa0KB)",
            "Change supporting documents",
            f"{detail}#id_documents",
        ),
    ]
    # Each Change link leads to an element of the entry form.
    form = soup_of(signed_in.get(detail))
    for *_, href in rows:
        assert form.select_one(href.split("#")[1].join(["#", ""])) is not None, href
    assert page.select_one(".declaration").get_text(strip=True) == DEFAULT_DECLARATION
    assert page.select_one("label[for=id_agree]").get_text() == (
        "I agree to the declaration"
    )


def test_editors_declaration_is_shown_and_kept_with_the_entry(
    signed_in, ready, entry_form
):
    entry_form.declaration = "We promise.\n\nAll of it is true."
    entry_form.save_revision().publish()
    page = soup_of(signed_in.get(check_url(ready)))
    assert [p.get_text() for p in page.select(".declaration p")] == [
        "We promise.",
        "All of it is true.",
    ]
    response = post_check(signed_in, ready, {"agree": "on", "version": 1})
    assert response["Location"] == reverse("entries:confirmation", args=[ready.pk])
    ready.refresh_from_db()
    assert (ready.status, ready.reference, ready.declaration) == (
        Entry.Status.SUBMITTED,
        "PA27-0001",
        "We promise.\n\nAll of it is true.",
    )
    assert len(mail.outbox) == 1


def test_submitting_without_agreeing_shows_the_error_summary(signed_in, ready):
    response = post_check(signed_in, ready, {"version": 1})
    assert response.status_code == 400
    page = soup_of(response)
    assert page.title.get_text().startswith("Error: Check your answers")
    summary = page.select_one(".error-summary")
    assert [(a.get_text(), a["href"]) for a in summary.select("a")] == [
        ("Agree to the declaration to submit your entry", "#id_agree")
    ]
    assert page.select_one("#id_agree-error").get_text(" ", strip=True) == (
        "Error: Agree to the declaration to submit your entry"
    )
    ready.refresh_from_db()
    assert (ready.status, ready.reference) == (Entry.Status.DRAFT, None)
    assert mail.outbox == []


def test_answers_that_would_fail_go_back_to_the_form_with_the_summary(
    signed_in, entrant, category
):
    draft = make_draft(entrant, category, title="Only a title")
    for response in (
        signed_in.get(check_url(draft)),
        post_check(signed_in, draft, {"agree": "on", "version": 1}),
    ):
        assert response.status_code == 400
        page = soup_of(response)
        assert page.select_one("form[data-entry-form]")["action"] == detail_url(draft)
        assert [a["href"] for a in page.select(".error-summary a")] == [
            "#id_partner_organisations",
            f"#id_{impact_key(category)}",
        ]
    draft.refresh_from_db()
    assert draft.status == Entry.Status.DRAFT


def test_a_change_in_another_tab_since_the_check_page_is_not_submitted(
    signed_in, ready
):
    changed = {**ready.answers, "title": "Changed in another tab"}
    signed_in.post(detail_url(ready), {**changed, "action": "save", "version": 1})
    response = post_check(signed_in, ready, {"agree": "on", "version": 1})
    assert response.status_code == 409
    page = soup_of(response)
    assert page.select_one("[role=alert] p").get_text() == (
        "This entry was changed in another tab or window since you opened this "
        "page, so it has not been submitted. Check the answers below, as they "
        "are now saved, and submit again."
    )
    assert "Changed in another tab" in page.select_one(".check-list").get_text()
    assert page.select_one("input[name=version]")["value"] == "2"
    ready.refresh_from_db()
    assert ready.status == Entry.Status.DRAFT
    assert mail.outbox == []


def test_check_page_only_for_an_open_draft(signed_in, ready, programme, entry_form):
    post_check(signed_in, ready, {"agree": "on", "version": 1})
    assert signed_in.get(check_url(ready))["Location"] == detail_url(ready)
    assert post_check(signed_in, ready, {"agree": "on", "version": 2})[
        "Location"
    ] == detail_url(ready)
    assert len(mail.outbox) == 1

    closing = make_open_category(
        programme, entry_form, "closing", closes_at=NOW + timedelta(hours=1)
    )
    other = make_draft(ready.entrant, closing, **complete_answers(closing))
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert signed_in.get(check_url(other))["Location"] == detail_url(other)
        post_check(signed_in, other, {"agree": "on", "version": 1})
    other.refresh_from_db()
    assert other.status == Entry.Status.DRAFT


def test_check_page_of_another_entrant_is_404(client, ready):
    client.force_login(make_entrant("intruder@example.org"))
    assert client.get(check_url(ready)).status_code == 404
    assert post_check(client, ready, {"agree": "on", "version": 1}).status_code == 404
    ready.refresh_from_db()
    assert ready.status == Entry.Status.DRAFT
