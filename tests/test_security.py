"""Attacks, tried as an attacker would; each fails only if a protection goes.

docs/security.md lists what is protected and points at these tests.
"""

import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from categories.exchange import VERSION, import_programme
from categories.models import CategoryPage
from entries.models import Entry
from tests.entries_helpers import (
    PDF,
    add_document,
    complete_answers,
    make_draft,
    make_staff,
    make_submitted,
    submit_through_check,
)
from tests.factories import NOW, make_entrant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

BASE_DIR = Path(__file__).resolve().parent.parent
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def victim():
    return make_entrant("victim@example.org")


@pytest.fixture
def victims_entry(victim, category):
    entry = make_draft(victim, category, title="Secret plan")
    add_document(entry, "secret.pdf")
    return entry


@pytest.fixture
def attacker(client):
    client.force_login(make_entrant("attacker@example.org"))
    return client


# Other entrants' entries and documents


def test_no_entry_or_document_of_another_entrant_by_id(attacker, victims_entry):
    document = victims_entry.documents.get()
    for pk in range(1, victims_entry.pk + 3):
        for url in (
            reverse("entries:detail", args=[pk]),
            reverse("entries:confirmation", args=[pk]),
            reverse("entries:document", args=[pk, document.pk]),
        ):
            assert attacker.get(url).status_code == 404, url
    assert "Secret plan" not in attacker.get(reverse("entries:list")).content.decode()


def test_references_are_not_a_way_in(attacker, victim, victims_entry, category):
    victim_client = Client()
    victim_client.force_login(victim)
    submit_through_check(victim_client, victims_entry, complete_answers(category))
    victims_entry.refresh_from_db()
    assert victims_entry.reference == "PA27-0001"
    for guess in ("PA27-0001", "pa27-0001", "PA27-0002"):
        assert attacker.get(f"/entries/{guess}/").status_code == 404


def test_saving_or_submitting_another_entrants_entry_changes_nothing(
    attacker, victims_entry, category
):
    url = reverse("entries:detail", args=[victims_entry.pk])
    for action in ("save", "check", "submit", "upload", "remove-document-1"):
        data = {**complete_answers(category), "action": action, "version": 1}
        assert attacker.post(url, data).status_code == 404
    check = reverse("entries:check", args=[victims_entry.pk])
    assert attacker.post(check, {"agree": "on", "version": 1}).status_code == 404
    autosave = reverse("entries:autosave", args=[victims_entry.pk])
    assert attacker.post(autosave, {"title": "pwned", "version": 1}).status_code == 404
    victims_entry.refresh_from_db()
    assert (victims_entry.title, victims_entry.status, victims_entry.version) == (
        "Secret plan",
        Entry.Status.DRAFT,
        1,
    )
    assert victims_entry.documents.count() == 1


# Cross-site request forgery


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("account_login", {"login": "victim@example.org", "password": "x"}),
        ("account_signup", {"email": "new@example.org"}),
        ("account_logout", {}),
        ("account_reset_password", {"email": "victim@example.org"}),
    ],
)
def test_account_forms_need_the_csrf_token(victim, name, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(victim)
    assert client.post(reverse(name), data).status_code == 403


def test_entry_posts_need_the_csrf_token(victim, victims_entry, category):
    client = Client(enforce_csrf_checks=True)
    client.force_login(victim)
    detail = reverse("entries:detail", args=[victims_entry.pk])
    autosave = reverse("entries:autosave", args=[victims_entry.pk])
    start = reverse("entries:start", args=[category.pk])
    for url in (detail, autosave, start):
        response = client.post(url, {"title": "forged", "version": 1, "action": "save"})
        assert response.status_code == 403, url
    victims_entry.refresh_from_db()
    assert victims_entry.title == "Secret plan"
    assert Entry.objects.count() == 1


# Open redirects


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "https:evil.example",
    ],
)
def test_sign_in_never_redirects_off_site(client, target):
    make_entrant(password="a long and unusual passphrase")
    response = client.post(
        f"{reverse('account_login')}?next={target}",
        {
            "login": "entrant@example.org",
            "password": "a long and unusual passphrase",
            "next": target,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/entries/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_admin_sign_in_never_redirects_off_site(client, target):
    # A superuser with no authenticator app: straight past the password.
    boss = get_user_model().objects.create_superuser(
        "boss", "b@example.org", "pass phrase 9"
    )
    EmailAddress.objects.create(user=boss, email=boss.email, verified=True)
    # The admin's sign-in is allauth's, and keeps the next= it was given.
    response = client.get("/admin/login/", {"next": target})
    assert response["Location"] == f"/accounts/login/?{urlencode({'next': target})}"
    response = client.post(
        response["Location"],
        {"login": "boss", "password": "pass phrase 9", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/entries/"


# Script injection


def test_script_in_answers_titles_and_file_names_is_escaped(
    client, category, entry_form
):
    entrant = make_entrant()
    client.force_login(entrant)
    entry = make_draft(entrant, category)
    answers = {**complete_answers(category), "title": SCRIPT}
    answers["partner_organisations"] = f"Us {SCRIPT}"
    client.post(
        reverse("entries:detail", args=[entry.pk]),
        {
            **answers,
            "action": "upload",
            "version": 1,
            "documents": [SimpleUploadedFile(f"{SCRIPT}.pdf", PDF)],
        },
    )
    submit_through_check(client, entry, answers, version=2)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED
    pages = [
        client.get(reverse("entries:detail", args=[entry.pk])),
        client.get(reverse("entries:list")),
        client.get(reverse("entries:confirmation", args=[entry.pk])),
    ]
    for response in pages:
        html = response.content.decode()
        assert SCRIPT not in html
        assert "&lt;script&gt;" in html
    (email,) = mail.outbox
    assert SCRIPT not in email.alternatives[0][0]


def test_script_is_escaped_in_the_entries_admin(client, category):
    entrant = make_entrant(full_name=SCRIPT, organisation=SCRIPT)
    entry = make_submitted(
        entrant,
        category,
        "PA27-0001",
        NOW,
        title=SCRIPT,
        partner_organisations=SCRIPT,
    )
    add_document(entry, f"{SCRIPT}.pdf")
    client.force_login(make_staff("Entries team", "emma"))
    for url in (
        "/admin/entries/",
        f"/admin/entries/?q={SCRIPT}",
        f"/admin/entries/inspect/{entry.pk}/",
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SCRIPT not in html, url
    assert (
        "&lt;script&gt;"
        in client.get(f"/admin/entries/inspect/{entry.pk}/").content.decode()
    )


def test_script_in_imported_rich_text_is_removed(client, home, entry_form):
    document = {
        "version": VERSION,
        "slug": "awards-x",
        "title": "X",
        "intro": f"<p>Hello</p>{SCRIPT}<p onclick='steal()'>there</p>",
        "opens_at": "2027-01-01T09:00:00Z",
        "closes_at": "2027-12-01T17:00:00Z",
        "categories": [
            {
                "slug": "cat",
                "title": "Cat",
                "summary": "S",
                "entry_mode": "closed",
                "body": [{"type": "intro", "value": f"<p>Body</p>{SCRIPT}"}],
            }
        ],
    }
    programme, _ = import_programme(document, home, publish=True)
    html = (
        client.get(programme.url).content.decode()
        + client.get(CategoryPage.objects.get(slug="cat").url).content.decode()
    )
    # The tag goes; its text stays, as harmless text. The only scripts left
    # are the site's own files.
    scripts = BeautifulSoup(html, "html.parser").find_all("script")
    assert scripts
    assert all(tag["src"].startswith("/static/") for tag in scripts)
    assert "onclick" not in html
    assert "<p>Body</p>" in html


def test_script_typed_in_the_rich_text_editor_is_escaped(client, programme):
    stored = ContentstateConverter(["bold"]).to_database_format(
        '{"blocks": [{"key": "a", "text": "'
        + SCRIPT.replace('"', '\\"')
        + '", "type": "unstyled", "depth": 0, "inlineStyleRanges": [],'
        ' "entityRanges": []}], "entityMap": {}}'
    )
    programme.intro = stored
    programme.save_revision().publish()
    html = client.get(programme.url).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


# Entrants and the admin


def test_an_entrant_cannot_reach_the_admin(client):
    client.force_login(make_entrant())
    for url in ("/admin/", "/admin/pages/", "/django-admin/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login" in response["Location"]


# Account enumeration


def test_sign_up_with_a_taken_email_looks_the_same(client):
    make_entrant("taken@example.org")
    data = {
        "password1": "a long and unusual passphrase",
        "password2": "a long and unusual passphrase",
        "full_name": "Someone",
        "organisation": "Somewhere",
        "privacy_consent": "on",
    }
    taken = Client().post(
        reverse("account_signup"), {**data, "email": "taken@example.org"}
    )
    fresh = Client().post(
        reverse("account_signup"), {**data, "email": "fresh@example.org"}
    )
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "fresh@example.org",
        "taken@example.org",
    ]


# Headers and production settings


def test_security_headers_on_pages(client, category):
    response = client.get(category.url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert (
        "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]


def production_env(**overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 20
        + "-a-long-random-production-secret-key-for-tests-"
        + "y" * 20,
        ALLOWED_HOSTS="awards.example.org",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run_manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    result = run_manage("check", env=production_env(**{missing: None}))
    assert result.returncode != 0
    assert (
        f"The environment variable {missing} must be set in production" in result.stderr
    )


def test_demo_accounts_are_not_created_in_production(settings):
    del settings.DEMO_ACCOUNTS
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "No demo accounts in these settings (production)." in out.getvalue()
    assert not get_user_model().objects.exists()
