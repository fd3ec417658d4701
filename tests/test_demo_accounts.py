"""The accounts `make run` prints: each signs in and does its role's work.

Through the admin's own views, as a person would: the demo editor publishes and
schedules categories (no moderation stands in the way) and cannot see entries;
the entries team's account sees entries and edits no page.
"""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from categories.models import CategoryPage, ProgrammePage
from entries.models import EntryFormPage
from entries.second_factor import needs_second_factor
from tests.totp import enrol_totp, totp_code

pytestmark = [pytest.mark.django_db]

DENIED = "Sorry, you do not have permission to access this area."


@pytest.fixture
def printed():
    """What load_demo printed: {role: (username, password)}."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    accounts = re.findall(
        r"^(.+): (\S+) / (\S+) \(development only\)$", out.getvalue(), re.M
    )
    return {role: (username, password) for role, username, password in accounts}


def signed_in(username: str, password: str) -> Client:
    """A client signed in as staff sign in to the admin: through allauth's form,
    then, for a role that needs one, an authenticator app's code."""
    user = get_user_model().objects.get(username=username)
    client = Client()
    assert client.get("/admin/login/", {"next": "/admin/"})["Location"] == (
        "/accounts/login/?next=%2Fadmin%2F"
    )
    if needs_second_factor(user):
        # Demo staff of such a role enrol an app at their first sign-in.
        enrol_totp(user)
    response = client.post(
        "/accounts/login/", {"login": username, "password": password, "next": "/admin/"}
    )
    if needs_second_factor(user):
        assert response["Location"] == "/accounts/2fa/authenticate/"
        response = client.post(response["Location"], {"code": totp_code()})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    return client


@pytest.fixture
def editor(printed):
    return signed_in(*printed["Marketing editors"])


@pytest.fixture
def programme():
    return ProgrammePage.objects.get(slug="awards-2027")


def category_form(title: str, slug: str, action: str = "action-publish", **extra):
    """The add/edit form of a category, as the admin posts it."""
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": f"{title}: one line for listings.",
            "entry_mode": "open",
            "opens_at": "",
            "closes_at": "",
            "invitation_note": "",
            "entry_form": EntryFormPage.objects.get(slug="entry-form").pk,
            "body": streamfield(
                [("intro", rich_text("<p>For teams that share their data.</p>"))]
            ),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            action: "1",
            **extra,
        }
    )


def test_make_run_prints_one_account_per_role(printed):
    assert printed == {
        "Marketing editors": ("editor", "awards-demo-2027"),
        "Entries team": ("entries", "awards-entries-2027"),
        "Judges": ("judge", "awards-judge-2027"),
    }


def test_each_demo_account_is_in_its_role_alone(printed):
    users = get_user_model().objects.filter(username__in=["editor", "entries", "judge"])
    assert sorted(
        (user.username, list(user.groups.values_list("name", flat=True)))
        for user in users
    ) == [
        ("editor", ["Marketing editors"]),
        ("entries", ["Entries team"]),
        ("judge", ["Judges"]),
    ]
    assert not any(user.is_superuser for user in users)
    # A judge works in the judging area, never in either admin.
    assert [u.username for u in users if not u.is_staff] == ["judge"]


def test_load_demo_again_keeps_the_accounts_to_their_roles(printed):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert out.getvalue().count("(development only)") == 3
    signed_in(*printed["Marketing editors"])
    signed_in(*printed["Entries team"])


def test_the_editor_is_offered_publish_and_no_moderation(editor):
    category = CategoryPage.objects.get(slug="medicines-partnership")
    html = editor.get(f"/admin/pages/{category.pk}/edit/").content.decode()
    assert 'name="action-publish"' in html
    assert 'name="action-submit"' not in html
    assert "Moderators approval" not in html
    assert not Workflow.objects.exists()


def test_the_editor_publishes_a_new_category(editor, programme):
    response = editor.post(
        f"/admin/pages/add/categories/categorypage/{programme.pk}/",
        category_form("Data Partnership", "data-partnership"),
    )
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/pages/{programme.pk}/",
    )
    category = CategoryPage.objects.get(slug="data-partnership")
    assert (category.live, category.has_unpublished_changes) == (True, False)
    assert not WorkflowState.objects.exists()
    visitor = Client()
    page = visitor.get(category.url)
    assert page.status_code == 200
    assert "<h1>Data Partnership</h1>" in page.content.decode()
    assert "Data Partnership" in visitor.get(programme.url).content.decode()


def test_the_editor_publishes_a_change_to_a_demo_category(editor):
    category = CategoryPage.objects.get(slug="community-partnership")
    response = editor.post(
        f"/admin/pages/{category.pk}/edit/",
        category_form("Community Health Partnership", category.slug),
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.summary == "Community Health Partnership: one line for listings."
    assert category.has_unpublished_changes is False
    page = Client().get(category.url).content.decode()
    assert "Community Health Partnership: one line for listings." in page


def test_the_editor_schedules_a_category(editor, programme):
    # A week from now, to the minute, as the editor types it in UK time.
    go_live = (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    typed = timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M")
    response = editor.post(
        f"/admin/pages/add/categories/categorypage/{programme.pk}/",
        category_form("Data Partnership", "data-partnership", go_live_at=typed),
    )
    assert response.status_code == 302
    category = CategoryPage.objects.get(slug="data-partnership")
    assert category.live is False
    assert category.get_latest_revision().approved_go_live_at == go_live
    assert Client().get(programme.url + "data-partnership/").status_code == 404

    # publish_scheduled (cron, every minute) publishes once the moment has passed.
    with time_machine.travel(go_live, tick=False):
        call_command("publish_scheduled", stdout=io.StringIO())
    assert CategoryPage.objects.get(pk=category.pk).live is False
    with time_machine.travel(go_live + timedelta(seconds=1), tick=False):
        call_command("publish_scheduled", stdout=io.StringIO())
    category.refresh_from_db()
    assert category.live is True
    assert Client().get(category.url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/entries/", "/admin/entries/?export=csv", "/admin/users/"]
)
def test_the_editor_cannot_see_entries(editor, url):
    response = editor.get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    messages = [m.message.strip() for m in editor.get("/admin/").context["messages"]]
    assert messages == [DENIED]


def test_the_entries_account_sees_entries_and_edits_no_page(printed):
    team = signed_in(*printed["Entries team"])
    assert team.get("/admin/entries/").status_code == 200
    category = CategoryPage.objects.get(slug="medicines-partnership")
    response = team.get(f"/admin/pages/{category.pk}/edit/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Page.objects.get(pk=category.pk).title == category.title


def test_the_demo_judge_signs_in_and_has_entries_to_score(printed):
    """The demo round: four entries, the demo judge has scored one."""
    judge = get_user_model().objects.get(username="judge")
    enrol_totp(judge)
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"login": "judge", "password": printed["Judges"][1], "next": "/judging/"},
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post(response["Location"], {"code": totp_code()})
    assert response["Location"] == "/judging/"
    html = client.get("/judging/").content.decode()
    assert "1 of 4 scored" in html
    assert "Demo Entrant" not in html
    # Running it again adds nothing (it resets the password, which signs out).
    call_command("load_demo", stdout=io.StringIO())
    assert judge.assignments.count() == 4
    assert judge.assignments.filter(sheet__status="submitted").count() == 1
