"""The entries API: every endpoint, its refusals, and who may reach what.

Clients sign in through allauth's headless API: app clients send the
session token, browser clients the session cookie with a CSRF token.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase

from config.api import entries_api
from entries.models import Entry
from tests import factories
from tests.entries_helpers import (
    PDF,
    add_document,
    complete_answers,
    impact_key,
    make_draft,
    make_submitted,
)
from tests.factories import make_entrant
from tests.headless_helpers import app_sign_in, send

pytestmark = pytest.mark.django_db

API = "/api/entries/v1"
PASSWORD = "correct horse 42"  # make_entrant's
# The deadline of the ``soon`` category: an hour after factories.NOW.
DEADLINE = factories.NOW + timedelta(hours=1)


@pytest.fixture(autouse=True)
def at_now(frozen):
    """Time stands at factories.NOW, a month before the deadline."""


@pytest.fixture
def soon(programme, entry_form):
    """An open category whose own deadline is an hour away."""
    return factories.make_category(
        programme,
        "soon",
        entry_form=entry_form,
        body=factories.EVERY_BLOCK,
        closes_at=DEADLINE,
    )


@pytest.fixture
def token(entrant):
    return app_sign_in(Client(), entrant.email, PASSWORD)


@pytest.fixture
def api(token):
    """Requests as the entrant's app client: ``api("get", path, body)``."""
    client = Client()

    def call(method, path, body=None, **headers):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return send(client, method, API + path, body, token=token, **headers)

    return call


@pytest.fixture
def other_api():
    """Requests as another entrant, B."""
    other = make_entrant("b@example.org")
    token = app_sign_in(Client(), other.email, PASSWORD)
    client = Client()
    return lambda method, path, body=None: send(
        client, method, API + path, body, token=token
    )


def problem(response) -> dict:
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def all_answers(category, **changes) -> dict:
    return {**complete_answers(category), **changes}


# Signing in.


def test_without_a_session_every_endpoint_is_a_401(db):
    response = Client().get(f"{API}/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Session realm="entries"'
    assert problem(response) == {
        "type": "urn:awards:problem:not-authenticated",
        "title": "Unauthorized",
        "status": 401,
        "detail": "Sign in first: send the session cookie (browser clients) or the "
        "X-Session-Token header (app clients) from the accounts API.",
        "errors": [],
    }
    response = Client().get(f"{API}/", HTTP_X_SESSION_TOKEN="forged")
    assert response.status_code == 401


def test_a_stale_token_on_a_write_is_a_401_not_a_csrf_refusal(category):
    client = Client(enforce_csrf_checks=True)
    response = send(
        client, "post", f"{API}/", {"category": category.pk}, token="expired"
    )
    assert response.status_code == 401
    assert problem(response)["type"] == "urn:awards:problem:not-authenticated"


def test_browser_writes_need_the_csrf_token_app_clients_do_not(
    entrant, category, token
):
    entry = make_draft(entrant, category)
    body = {"version": 1, "answers": {"title": "From the browser"}}
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(entrant)
    response = send(browser, "put", f"{API}/{entry.pk}/answers/", body)
    assert response.status_code == 403
    assert problem(response)["type"] == "urn:awards:problem:csrf-failed"
    entry.refresh_from_db()
    assert (entry.version, entry.answers) == (1, {})
    # Reads need no token.
    assert send(browser, "get", f"{API}/{entry.pk}/").status_code == 200
    csrf = send(browser, "get", f"{API}/csrf/").json()["csrf_token"]
    response = send(
        browser, "put", f"{API}/{entry.pk}/answers/", body, HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    # The app client's token needs no CSRF token, even with checks enforced.
    app = Client(enforce_csrf_checks=True)
    response = send(
        app,
        "put",
        f"{API}/{entry.pk}/answers/",
        {"version": 2, "answers": {"title": "From the app"}},
        token=token,
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.answers["title"] == "From the app"


def test_requests_past_the_rate_are_a_429(api, monkeypatch):
    throttle = entries_api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 2)
    assert api("get", "/").status_code == 200
    assert api("get", "/").status_code == 200
    response = api("get", "/")
    assert response.status_code == 429
    assert problem(response)["type"] == "urn:awards:problem:too-many-requests"
    assert int(response["Retry-After"]) > 0


# My entries, start and read.


def test_my_entries_lists_mine_only(api, entrant, category, frozen):
    mine = make_draft(entrant, category, title="Mine")
    make_draft(make_entrant("c@example.org"), category, title="Theirs")
    response = api("get", "/")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": mine.pk,
            "category": {
                "id": category.pk,
                "title": "Open Category",
                "url": "/awards-2027/open-category/",
            },
            "status": "draft",
            "reference": None,
            "title": "Mine",
            "version": 1,
            "updated_at": "2027-03-01T12:00:00Z",
            "submitted_at": None,
            "deadline": {
                "state": "open",
                "message": "The deadline is Wednesday 31 March 2027, 1pm",
                "closes_at": "2027-03-31T13:00:00+01:00",
                "seconds_left": 30 * 86400,
                "time_left": "30 days left",
                "extended": False,
                "is_open": True,
            },
        }
    ]


def test_start_makes_a_draft_with_the_criteria_questions(api, category, frozen):
    response = api("post", "/", {"category": category.pk})
    assert response.status_code == 201
    body = response.json()
    entry = Entry.objects.get()
    assert body["id"] == entry.pk
    assert (body["status"], body["version"], body["reference"]) == ("draft", 1, None)
    assert [(q["key"], q["label"], q["word_limit"]) for q in body["questions"]] == [
        ("title", "Entry title", None),
        ("partner_organisations", "Partner organisations", 50),
        (impact_key(category), "Impact", 350),
    ]
    assert body["questions"][2]["description"] == "<p>The difference made.</p>"
    assert body["questions"][2]["guidance"] == ["Give figures.", "Quote patients."]
    assert body["answers"] == {q["key"]: "" for q in body["questions"]}
    assert body["actions"] == {
        "save": True,
        "submit": True,
        "withdraw": False,
        "delete": True,
    }
    # Starting again resumes the same draft.
    response = api("post", "/", {"category": category.pk})
    assert (response.status_code, response.json()["id"]) == (200, entry.pk)
    assert Entry.objects.count() == 1


def test_start_refuses_a_closed_category_and_an_unknown_one(api, programme, entry_form):
    closed = factories.make_category(
        programme, "closed", entry_form=entry_form, entry_mode="closed"
    )
    response = api("post", "/", {"category": closed.pk})
    assert response.status_code == 409
    assert problem(response) == {
        "type": "urn:awards:problem:entry-refused",
        "title": "Conflict",
        "status": 409,
        "detail": "Closed is not open for entries (entries are now closed), so "
        "this entry can no longer be changed or submitted.",
        "errors": [],
    }
    response = api("post", "/", {"category": 999999})
    assert response.status_code == 404
    assert problem(response)["type"] == "urn:awards:problem:not-found"
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, [{"field": "category", "message": "Field required"}]),
        (
            {"category": "six"},
            [
                {
                    "field": "category",
                    "message": "Input should be a valid integer, unable to parse "
                    "string as an integer",
                }
            ],
        ),
        (
            {"category": 2**40},
            [
                {
                    "field": "category",
                    "message": "Input should be less than or equal to 2147483647",
                }
            ],
        ),
    ],
)
def test_start_refuses_bad_input_field_by_field(api, category, body, errors):
    response = api("post", "/", body)
    assert response.status_code == 422
    assert problem(response)["errors"] == errors


def test_a_body_that_is_not_json_is_a_400_and_a_missing_one_a_422(
    api, token, entrant, category
):
    entry = make_draft(entrant, category)
    response = Client().put(
        f"{API}/{entry.pk}/answers/",
        "{not json",
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=token,
    )
    assert response.status_code == 400
    assert problem(response)["detail"] == "Cannot parse request body"
    response = api("put", f"/{entry.pk}/answers/", None)
    assert response.status_code == 422
    assert problem(response)["errors"] == [
        {"field": "body", "message": "Field required"}
    ]


def test_read_says_the_deadline_and_time_left_to_the_second(api, entrant, soon):
    entry = make_draft(entrant, soon, title="Mine")
    with time_machine.travel(DEADLINE - timedelta(seconds=1), tick=False):
        deadline = api("get", f"/{entry.pk}/").json()["deadline"]
    assert deadline == {
        "state": "open",
        "message": "The deadline is Monday 1 March 2027, 1pm",
        "closes_at": "2027-03-01T13:00:00Z",
        "seconds_left": 1,
        "time_left": "less than 2 minutes left",
        "extended": False,
        "is_open": True,
    }
    with time_machine.travel(DEADLINE, tick=False):
        body = api("get", f"/{entry.pk}/").json()
    assert body["deadline"]["state"] == "closed"
    assert body["deadline"]["seconds_left"] == 0
    assert body["actions"]["save"] is False


# Autosave.


def test_autosave_saves_every_answer_and_bumps_the_version(api, entrant, category):
    entry = make_draft(entrant, category)
    response = api(
        "put",
        f"/{entry.pk}/answers/",
        {
            "version": 1,
            "answers": {"title": "Faster scans", impact_key(category): "a b c"},
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["version"], body["answered"], body["total"]) == (2, 2, 3)
    assert body["words"] == {
        "title": 2,
        "partner_organisations": 0,
        impact_key(category): 3,
    }
    entry.refresh_from_db()
    # An answer left out is saved empty, as a cleared field on the page.
    assert entry.answers == {
        "title": "Faster scans",
        "partner_organisations": "",
        impact_key(category): "a b c",
    }
    assert (entry.title, entry.version) == ("Faster scans", 2)


def test_a_stale_version_is_a_409_carrying_the_saved_text(api, entrant, category):
    entry = make_draft(entrant, category)
    api("put", f"/{entry.pk}/answers/", {"version": 1, "answers": {"title": "Tab one"}})
    response = api(
        "put", f"/{entry.pk}/answers/", {"version": 1, "answers": {"title": "Tab two"}}
    )
    assert response.status_code == 409
    body = problem(response)
    assert body["type"] == "urn:awards:problem:stale-version"
    assert body["detail"].startswith(
        "This entry was changed in another tab or window at "
    )
    assert body["current"]["version"] == 2
    assert body["current"]["answers"] == {
        "title": "Tab one",
        "partner_organisations": "",
        impact_key(category): "",
    }
    assert body["differs"] == ["title"]
    entry.refresh_from_db()
    assert entry.answers["title"] == "Tab one"


@pytest.mark.parametrize(
    ("answers", "errors"),
    [
        (
            {"budget": "1m"},
            [{"field": "answers.budget", "message": "Not a question of this entry."}],
        ),
        (
            {"title": "a\x00b"},
            [
                {
                    "field": "answers",
                    "message": "Value error, must not contain a NUL character",
                }
            ],
        ),
        (
            {"title": 7},
            [{"field": "answers.title", "message": "Input should be a valid string"}],
        ),
    ],
)
def test_autosave_refuses_bad_answers(api, entrant, category, answers, errors):
    entry = make_draft(entrant, category)
    response = api("put", f"/{entry.pk}/answers/", {"version": 1, "answers": answers})
    assert response.status_code == 422
    assert problem(response)["errors"] == errors
    entry.refresh_from_db()
    assert entry.version == 1


def test_autosave_at_the_deadline_second(api, entrant, soon):
    entry = make_draft(entrant, soon)
    with time_machine.travel(DEADLINE - timedelta(seconds=1), tick=False):
        response = api(
            "put", f"/{entry.pk}/answers/", {"version": 1, "answers": {"title": "In"}}
        )
    assert response.status_code == 200
    with time_machine.travel(DEADLINE, tick=False):
        response = api(
            "put", f"/{entry.pk}/answers/", {"version": 2, "answers": {"title": "Late"}}
        )
    assert response.status_code == 409
    assert problem(response)["detail"] == (
        "Soon is not open for entries (entries are now closed), so this "
        "entry can no longer be changed or submitted."
    )
    entry.refresh_from_db()
    assert entry.answers["title"] == "In"


# Check and submit.


def test_check_gives_the_errors_per_question_without_submitting(api, entrant, category):
    entry = make_draft(entrant, category, title="Only a title")
    response = api("get", f"/{entry.pk}/check/")
    assert response.status_code == 200
    assert response.json() == {
        "ready": False,
        "refusal": None,
        "errors": {
            "partner_organisations": ["Enter partner organisations"],
            impact_key(category): ["Enter impact"],
        },
    }
    over = " ".join(["word"] * 51)
    api(
        "put",
        f"/{entry.pk}/answers/",
        {"version": 1, "answers": all_answers(category, partner_organisations=over)},
    )
    assert api("get", f"/{entry.pk}/check/").json()["errors"] == {
        "partner_organisations": [
            "Partner organisations must be 50 words or fewer: it has 51"
        ]
    }
    api(
        "put", f"/{entry.pk}/answers/", {"version": 2, "answers": all_answers(category)}
    )
    assert api("get", f"/{entry.pk}/check/").json() == {
        "ready": True,
        "refusal": None,
        "errors": {},
    }
    entry.refresh_from_db()
    assert entry.status == "draft"


def test_submit_gives_a_reference_once_and_is_idempotent(
    api, entrant, category, frozen
):
    entry = make_draft(entrant, category, **complete_answers(category))
    response = api("post", f"/{entry.pk}/submit/", {"version": 1, "agree": True})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["reference"]) == ("submitted", "PA27-0001")
    assert body["submitted_at"] == "2027-03-01T12:00:00Z"
    assert body["record_url"] == f"http://testserver{API}/{entry.pk}/record.pdf"
    assert body["actions"] == {
        "save": False,
        "submit": False,
        "withdraw": True,
        "delete": False,
    }
    assert [m.subject for m in mail.outbox] == [
        "Entry received: PA27-0001, Open Category"
    ]
    # Again (a double click, a retry): the same reference, no second email.
    response = api("post", f"/{entry.pk}/submit/", {"version": 1, "agree": True})
    assert (response.status_code, response.json()["reference"]) == (200, "PA27-0001")
    assert len(mail.outbox) == 1


def test_submit_refuses_without_the_declaration_or_complete_answers(
    api, entrant, category
):
    entry = make_draft(entrant, category, title="Only a title")
    response = api("post", f"/{entry.pk}/submit/", {"version": 1, "agree": False})
    assert response.status_code == 422
    assert problem(response)["errors"] == [
        {"field": "agree", "message": "Agree to the declaration to submit your entry"}
    ]
    response = api("post", f"/{entry.pk}/submit/", {"version": 1, "agree": True})
    assert response.status_code == 422
    body = problem(response)
    assert body["type"] == "urn:awards:problem:answers-incomplete"
    assert body["errors"] == [
        {
            "field": "answers.partner_organisations",
            "message": "Enter partner organisations",
        },
        {"field": f"answers.{impact_key(category)}", "message": "Enter impact"},
    ]
    entry.refresh_from_db()
    assert (entry.status, entry.reference) == ("draft", None)
    assert mail.outbox == []


def test_submit_at_a_stale_version_is_a_409(api, entrant, category):
    entry = make_draft(entrant, category, **complete_answers(category))
    api(
        "put", f"/{entry.pk}/answers/", {"version": 1, "answers": all_answers(category)}
    )
    response = api("post", f"/{entry.pk}/submit/", {"version": 1, "agree": True})
    assert response.status_code == 409
    body = problem(response)
    assert body["type"] == "urn:awards:problem:stale-version"
    assert body["current"]["version"] == 2
    assert body["current"]["answers"] == all_answers(category)
    entry.refresh_from_db()
    assert entry.status == "draft"


def test_submit_at_the_deadline_second(api, entrant, soon, programme, entry_form):
    early = make_draft(entrant, soon, **complete_answers(soon))
    with time_machine.travel(DEADLINE - timedelta(seconds=1), tick=False):
        response = api("post", f"/{early.pk}/submit/", {"version": 1, "agree": True})
    assert (response.status_code, response.json()["reference"]) == (200, "PA27-0001")
    other = factories.make_category(
        programme,
        "soon-too",
        entry_form=entry_form,
        body=factories.EVERY_BLOCK,
        closes_at=DEADLINE,
    )
    late = make_draft(entrant, other, **complete_answers(other))
    with time_machine.travel(DEADLINE, tick=False):
        response = api("post", f"/{late.pk}/submit/", {"version": 1, "agree": True})
    assert response.status_code == 409
    assert problem(response)["type"] == "urn:awards:problem:entry-refused"
    late.refresh_from_db()
    assert (late.status, late.reference) == ("draft", None)


def test_an_unconfirmed_address_cannot_submit(entrant, category):
    from allauth.account.models import EmailAddress

    entry = make_draft(entrant, category, **complete_answers(category))
    browser = Client()
    browser.force_login(entrant)
    EmailAddress.objects.filter(user=entrant).update(verified=False)
    response = send(
        browser, "post", f"{API}/{entry.pk}/submit/", {"version": 1, "agree": True}
    )
    assert response.status_code == 409
    assert problem(response)["detail"].startswith(
        "Confirm your email address before you submit"
    )


# Withdraw, delete, the record.


def test_withdraw_a_submitted_entry(api, entrant, category, frozen):
    entry = make_submitted(entrant, category, "PA27-0009", factories.NOW)
    response = api("post", f"/{entry.pk}/withdraw/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reference"]) == (
        "withdrawn",
        "PA27-0009",
    )
    response = api("post", f"/{entry.pk}/withdraw/")
    assert response.status_code == 409
    assert problem(response)["detail"] == "Only a submitted entry can be withdrawn."


def test_delete_a_draft_but_not_a_submitted_entry(api, entrant, category):
    draft = make_draft(entrant, category)
    response = api("delete", f"/{draft.pk}/")
    assert (response.status_code, response.content) == (204, b"")
    assert not Entry.objects.filter(pk=draft.pk).exists()
    submitted = make_submitted(entrant, category, "PA27-0002", factories.NOW)
    response = api("delete", f"/{submitted.pk}/")
    assert response.status_code == 409
    assert Entry.objects.filter(pk=submitted.pk).exists()


def test_the_record_is_the_submitted_entrys_pdf(api, entrant, category, frozen):
    entry = make_draft(entrant, category, **complete_answers(category))
    response = api("get", f"/{entry.pk}/record.pdf")
    assert response.status_code == 404
    assert problem(response)["type"] == "urn:awards:problem:no-record"
    api("post", f"/{entry.pk}/submit/", {"version": 1, "agree": True})
    response = api("get", f"/{entry.pk}/record.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="PA27-0001.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")


# Documents.


@pytest.fixture
def api_files(token):
    """Multipart uploads as the entrant's app client."""
    client = Client()
    return lambda path, data: client.post(API + path, data, HTTP_X_SESSION_TOKEN=token)


def test_documents_upload_list_download_delete(api, api_files, entrant, category):
    entry = make_draft(entrant, category)
    response = api_files(
        f"/{entry.pk}/documents/", {"file": SimpleUploadedFile("../Plan.pdf", PDF)}
    )
    assert response.status_code == 201
    document = entry.documents.get()
    assert response.json()["id"] == document.pk
    assert (response.json()["name"], response.json()["content_type"]) == (
        "Plan.pdf",
        "application/pdf",
    )
    assert response.json()["size"] == len(PDF)
    listed = api("get", f"/{entry.pk}/documents/").json()
    assert [d["name"] for d in listed] == ["Plan.pdf"]
    response = api("get", f"/{entry.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Plan.pdf"'
    response = api("delete", f"/{entry.pk}/documents/{document.pk}/")
    assert response.status_code == 204
    assert not entry.documents.exists()
    assert api("get", f"/{entry.pk}/documents/{document.pk}/").status_code == 404


def test_documents_are_checked_by_content_and_counted(
    api_files, entrant, category, settings
):
    entry = make_draft(entrant, category)
    response = api_files(
        f"/{entry.pk}/documents/",
        {"file": SimpleUploadedFile("plan.pdf", b"MZ not a pdf at all")},
    )
    assert response.status_code == 422
    message = (
        "plan.pdf was not added: its content is not one of the allowed types "
        "(PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), PNG, JPEG)."
    )
    assert problem(response)["errors"] == [{"field": "file", "message": message}]
    for _ in range(settings.ENTRY_DOCUMENT_MAX_COUNT):
        add_document(entry)
    response = api_files(
        f"/{entry.pk}/documents/", {"file": SimpleUploadedFile("six.pdf", PDF)}
    )
    assert response.status_code == 422
    assert problem(response)["detail"] == (
        "six.pdf was not added: an entry can have at most 5 documents. "
        "Remove one first."
    )
    response = api_files(f"/{entry.pk}/documents/", {})
    assert response.status_code == 422
    assert problem(response)["errors"] == [
        {"field": "file", "message": "Field required"}
    ]


def test_a_document_past_the_size_limit_is_a_413_read_no_further(
    api_files, entrant, category, settings
):
    settings.ENTRY_DOCUMENT_MAX_BYTES = 100
    entry = make_draft(entrant, category)
    response = api_files(
        f"/{entry.pk}/documents/",
        {"file": SimpleUploadedFile("big.pdf", PDF + b"x" * 500)},
    )
    assert response.status_code == 413
    assert problem(response)["detail"] == (
        "big.pdf was not added: documents must be 100\xa0bytes or smaller."
    )
    assert not entry.documents.exists()


def test_a_submitted_entrys_documents_cannot_change(api, api_files, entrant, category):
    entry = make_submitted(entrant, category, "PA27-0003", factories.NOW)
    document = add_document(entry)
    response = api_files(
        f"/{entry.pk}/documents/", {"file": SimpleUploadedFile("new.pdf", PDF)}
    )
    assert response.status_code == 409
    response = api("delete", f"/{entry.pk}/documents/{document.pk}/")
    assert response.status_code == 409
    assert entry.documents.count() == 1


# Another entrant's entry: not found, through every endpoint.

ENDPOINTS = [
    ("get", "/{entry}/", None),
    ("put", "/{entry}/answers/", {"version": 1, "answers": {"title": "Mine now"}}),
    ("get", "/{entry}/check/", None),
    ("post", "/{entry}/submit/", {"version": 1, "agree": True}),
    ("post", "/{entry}/withdraw/", None),
    ("delete", "/{entry}/", None),
    ("get", "/{entry}/documents/", None),
    ("get", "/{entry}/documents/{document}/", None),
    ("delete", "/{entry}/documents/{document}/", None),
    ("get", "/{entry}/record.pdf", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_another_entrants_entry_is_not_found(
    other_api, entrant, category, method, path, body
):
    entry = make_draft(entrant, category, **complete_answers(category))
    document = add_document(entry)
    response = other_api(
        method, path.format(entry=entry.pk, document=document.pk), body
    )
    assert response.status_code == 404
    assert problem(response) == {
        "type": "urn:awards:problem:not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "Not found: there is no such entry or document of yours.",
        "errors": [],
    }
    entry.refresh_from_db()
    assert (entry.status, entry.version) == ("draft", 1)
    assert entry.documents.count() == 1


def test_another_entrants_entry_is_not_listed_nor_uploaded_to(
    other_api, entrant, category
):
    entry = make_draft(entrant, category)
    assert other_api("get", "/").json() == []
    other = make_entrant("d@example.org")
    token = app_sign_in(Client(), other.email, PASSWORD)
    response = Client().post(
        f"{API}/{entry.pk}/documents/",
        {"file": SimpleUploadedFile("x.pdf", PDF)},
        HTTP_X_SESSION_TOKEN=token,
    )
    assert response.status_code == 404
    assert not entry.documents.exists()


# The OpenAPI document.


def test_the_openapi_document_is_served_at_a_stable_url(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"] == "Health Partnership Awards: entries API"
    assert sorted(spec["paths"]) == sorted(
        f"{API}{path}"
        for path in [
            "/",
            "/csrf/",
            "/{entry_id}/",
            "/{entry_id}/answers/",
            "/{entry_id}/check/",
            "/{entry_id}/submit/",
            "/{entry_id}/withdraw/",
            "/{entry_id}/documents/",
            "/{entry_id}/documents/{document_id}/",
            "/{entry_id}/record.pdf",
        ]
    )
    refusal = spec["paths"][f"{API}/{{entry_id}}/answers/"]["put"]["responses"]["409"]
    assert list(refusal["content"]) == ["application/problem+json"]
