"""Bad input the attack run found giving 500s: each now a 4xx with a reason.

The whole-site sweep is tests/test_no_server_errors.py; these pin each case
the issue named, with what the answer says.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from base.ids import MAX_ID, parse_id
from base.wsgi import unreadable_charset
from entries.models import Entry
from tests.entries_helpers import (
    add_document,
    make_draft,
    make_staff,
)
from tests.totp import enrol_totp
from tests.wsgi_helpers import wsgi_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

TWENTY_DIGITS = "9" * 20


@pytest.fixture
def entry(entrant, category):
    entry = make_draft(entrant, category, title="Original")
    add_document(entry, "plan.pdf")
    return entry


@pytest.fixture
def signed_in(entrant):
    client = Client()
    client.force_login(entrant)
    return client


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (TWENTY_DIGITS, None),
        ("²", None),
        ("٣", None),
        (" 3", None),
        ("3 ", None),
        ("+3", None),
        ("-1", None),
        ("", None),
        (None, None),
        (3, None),
    ],
)
def test_parse_id(text, expected):
    assert parse_id(text) == expected


def test_parse_id_takes_a_lower_maximum():
    assert parse_id("20", maximum=20) == 20
    assert parse_id("21", maximum=20) is None


def test_a_unicode_digit_for_the_version_is_a_stale_copy(signed_in, entry):
    response = signed_in.post(
        f"/entries/{entry.pk}/", {"title": "Changed", "version": "²"}
    )
    assert response.status_code == 409
    assert "changed in another tab or window" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.title, entry.version) == ("Original", 1)


@pytest.mark.parametrize("document", ["²", TWENTY_DIGITS, "abc", ""])
def test_removing_a_document_by_a_bad_id_removes_nothing(signed_in, entry, document):
    response = signed_in.post(
        f"/entries/{entry.pk}/",
        {"title": "Original", "version": "1", "action": f"remove-document-{document}"},
    )
    assert response.status_code == 302
    assert list(entry.documents.values_list("original_name", flat=True)) == ["plan.pdf"]


@pytest.mark.parametrize("value", ["²", TWENTY_DIGITS, "abc"])
def test_ids_in_entrants_urls_that_no_table_holds_are_not_found(
    signed_in, entry, category, value
):
    for url in (
        f"/entries/{value}/",
        f"/entries/{entry.pk}/documents/{value}/",
        f"/entries/{value}/confirmation/",
    ):
        assert signed_in.get(url).status_code == 404, url
    assert signed_in.post(f"/entries/start/{value}/").status_code == 404
    assert signed_in.post(f"/entries/{value}/autosave/").status_code == 404


@pytest.mark.parametrize("value", ["²", TWENTY_DIGITS])
def test_the_entry_form_page_ignores_a_category_it_cannot_read(client, category, value):
    response = client.get(category.entry_form.url, {"category": value})
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Enter</h1>" in text
    assert "Choose a category to enter from its page" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("offset=²", "offset must be a positive integer"),
        ("limit=²", "limit must be a positive integer"),
        ("offset=٣", "offset must be a positive integer"),
        (f"offset={TWENTY_DIGITS}", "offset cannot be higher than 2147483647"),
    ],
)
def test_api_paging_with_unicode_digits_is_a_400(client, home, query, message):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400
    assert response.json() == {"message": message}


@pytest.fixture
def team():
    client = Client()
    client.force_login(make_staff("Entries team", "emma"))
    return client


@pytest.mark.parametrize("value", ["abc", "²", TWENTY_DIGITS])
def test_non_numeric_ids_in_the_entries_admin_are_not_found(team, entry, value):
    for action in ("inspect", "history", "reopen", "withdraw", "extend"):
        assert team.get(f"/admin/entries/{action}/{value}/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"category": "²"},
        {"programme": "²"},
        {"category": TWENTY_DIGITS},
        {"version": "abc"},
        {"action": "x"},
        {"p": "²"},
    ],
)
def test_the_entries_list_ignores_what_it_cannot_read(team, entry, query):
    response = team.get("/admin/entries/", query)
    assert response.status_code == 200
    expected = "Original" if set(query) & {"version", "action", "p"} else None
    if expected:
        assert expected in response.content.decode()
    else:
        assert "Original" not in response.content.decode()


def test_a_broken_request_to_wagtails_admin_is_a_400(category):
    boss = enrol_totp(
        get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    )
    client = Client(raise_request_exception=False)
    client.force_login(boss)
    # Wagtail's page editor expects its own form (body-count and the rest).
    response = client.post(f"/admin/pages/{category.pk}/edit/", {"title": "x"})
    assert response.status_code == 400
    assert response.content.decode() == (
        "The admin could not read this request. Go back and try again."
    )
    assert client.get("/admin/failwhale/").status_code == 404


@pytest.mark.parametrize(
    ("content_type", "refused"),
    [
        ("text/plain; charset=rot13", "rot13"),
        ("application/x-www-form-urlencoded; charset=hex", "hex"),
        ("application/x-www-form-urlencoded; charset=utf-16", "utf-16"),
        ("multipart/form-data; boundary=x; charset=latin-1", "latin-1"),
        ("application/json; charset=no-such-thing", "no-such-thing"),
        ("application/json; charset=UTF-8", None),
        ("application/x-www-form-urlencoded; charset=utf8", None),
        ("text/plain; charset=us-ascii", None),
        ("application/x-www-form-urlencoded", None),
        ("", None),
    ],
)
def test_unreadable_charset(content_type, refused):
    assert unreadable_charset(content_type) == refused


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_charset_django_cannot_decode_is_a_400_not_an_empty_500(home, entry, method):
    # Django decodes the query string in the body's charset while building
    # the request, before any handler: rot13 is no text encoding at all.
    for path in ("/", "/accounts/login/", "/api/v2/pages/", f"/entries/{entry.pk}/"):
        response = wsgi_request(
            method,
            path,
            query="a=b",
            body=b"login=x",
            content_type="text/plain; charset=rot13",
        )
        assert response.status == 400, path
        assert response.body == (
            b"The request's charset ('rot13') is not supported: send UTF-8.\n"
        )
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_utf_8_requests_pass_through_the_wsgi_application(home):
    response = wsgi_request(
        "GET", "/", query="a=b", content_type="text/plain; charset=UTF-8"
    )
    assert response.status == 200
    assert b"<!DOCTYPE html>" in response.body


def test_entries_are_unchanged_by_all_of_it(signed_in, entry):
    signed_in.post(f"/entries/{entry.pk}/autosave/", {"title": "x", "version": "²"})
    assert Entry.objects.get(pk=entry.pk).title == "Original"
