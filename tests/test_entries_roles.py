"""The two staff roles from the migration: what each may and may not do."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from categories.models import ProgrammePage
from tests.entries_helpers import (
    add_document,
    make_draft,
    make_staff,
)
from tests.factories import NOW, make_entrant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

DENIED = "Sorry, you do not have permission to access this area."


@pytest.fixture
def entry(category):
    entry = make_draft(make_entrant(), category, title="A draft")
    add_document(entry, "plan.pdf", content=b"%PDF-1.4")
    return entry


@pytest.fixture
def editor(client):
    client.force_login(make_staff("Marketing editors", "mark"))
    return client


@pytest.fixture
def team(client):
    client.force_login(make_staff("Entries team", "emma"))
    return client


def permissions_of(group: str) -> list[str]:
    return sorted(
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=group).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def page_permissions_of(group: str) -> list[tuple[int, str]]:
    return sorted(
        GroupPagePermission.objects.filter(group__name=group).values_list(
            "page__depth", "permission__codename"
        )
    )


def assert_denied(response) -> None:
    """Refused the way the Wagtail admin refuses: back home, with a message."""
    assert (response.status_code, response["Location"]) == (302, "/admin/")


# The groups the migration makes


def test_marketing_editors_edit_pages_and_nothing_else():
    assert permissions_of("Marketing editors") == ["wagtailadmin.access_admin"]
    assert page_permissions_of("Marketing editors") == [
        (1, "add_page"),
        (1, "change_page"),
        (1, "lock_page"),
        (1, "publish_page"),
        (1, "unlock_page"),
    ]


def test_entries_team_works_on_entries_and_no_pages():
    assert permissions_of("Entries team") == [
        "entries.export_entry",
        "entries.extend_entry",
        "entries.reopen_entry",
        "entries.view_entry",
        "entries.withdraw_entry",
        # Staff also set up judging and see its results (judging/migrations/0002).
        "judging.add_judginground",
        "judging.change_judginground",
        "judging.run_judging",
        "judging.view_judginground",
        "wagtailadmin.access_admin",
    ]
    assert page_permissions_of("Entries team") == []


def test_the_migration_is_reversible_and_repeatable():
    migration = importlib.import_module("entries.migrations.0003_staff_groups")
    migration.remove_groups(apps, None)
    assert not Group.objects.filter(
        name__in=["Marketing editors", "Entries team"]
    ).exists()
    assert page_permissions_of("Marketing editors") == []
    migration.create_groups(apps, None)
    migration.create_groups(apps, None)  # running twice changes nothing
    assert len(page_permissions_of("Marketing editors")) == 5
    assert len(permissions_of("Entries team")) == 6


# Marketing editors


def test_marketing_editor_pages(editor, home, programme, category):
    for url in (
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{category.pk}/edit/",
        f"/admin/pages/add/categories/categorypage/{programme.pk}/",
        f"/admin/pages/add/entries/entryformpage/{programme.pk}/",
        f"/admin/pages/{category.pk}/unpublish/",
    ):
        assert editor.get(url).status_code == 200, url


def programme_form(title: str, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": "awards-2028",
            "intro": rich_text("<p>Next year.</p>"),
            "opens_at": "2028-01-10 09:00",
            "closes_at": "2028-03-31 17:00",
            "contacts": streamfield([]),
            "action-publish": "publish",
            **extra,
        }
    )


def test_marketing_editor_creates_publishes_and_schedules(editor, home):
    response = editor.post(
        f"/admin/pages/add/categories/programmepage/{home.pk}/",
        programme_form("Awards 2028"),
    )
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/pages/{home.pk}/",
    )
    page = ProgrammePage.objects.get(slug="awards-2028")
    assert (page.live, page.title) == (True, "Awards 2028")

    # Publishing with a go-live date in the future schedules the change.
    go_live = NOW + timedelta(days=7)
    editor.post(
        f"/admin/pages/{page.pk}/edit/",
        programme_form("Awards 2028: open soon", go_live_at="2027-03-08 12:00"),
    )
    page.refresh_from_db()
    assert page.title == "Awards 2028"  # the live version, until then
    assert page.get_latest_revision().approved_go_live_at == go_live
    assert page.get_latest_revision().content["title"] == "Awards 2028: open soon"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/entries/",
        "/admin/entries/?export=csv",
        "/admin/entries/inspect/{entry}/",
        "/admin/entries/history/{entry}/",
        "/admin/entries/reopen/{entry}/",
        "/admin/entries/withdraw/{entry}/",
        "/admin/entries/extend/{entry}/",
        "/admin/groups/",
        "/admin/users/",
    ],
)
def test_marketing_editor_has_no_access_to_entries(editor, entry, url):
    response = editor.get(url.format(entry=entry.pk))
    assert_denied(response)
    follow = editor.get("/admin/")
    assert [m.message.strip() for m in follow.context["messages"]] == [DENIED]


def test_marketing_editor_cannot_download_documents_or_see_the_menu(editor, entry):
    document = entry.documents.get()
    response = editor.get(f"/entries/{entry.pk}/documents/{document.pk}/")
    assert response.status_code == 404
    # The sidebar (and anything else on the dashboard) never links to entries.
    assert "/admin/entries/" not in editor.get("/admin/").content.decode()


# The entries team


def test_entries_team_pages(team, entry):
    for url in (
        "/admin/",
        "/admin/entries/",
        f"/admin/entries/inspect/{entry.pk}/",
        f"/admin/entries/history/{entry.pk}/",
        f"/admin/entries/withdraw/{entry.pk}/",
        f"/admin/entries/extend/{entry.pk}/",
        "/admin/reports/site-history/",
    ):
        assert team.get(url).status_code == 200, url
    assert team.get("/admin/entries/?export=xlsx").status_code == 200
    document = entry.documents.get()
    response = team.get(f"/entries/{entry.pk}/documents/{document.pk}/")
    assert (response.status_code, b"".join(response.streaming_content)) == (
        200,
        b"%PDF-1.4",
    )
    assert "/admin/entries/" in team.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/",
        "/admin/pages/{home}/",
        "/admin/pages/{category}/edit/",
        "/admin/pages/add/categories/categorypage/{programme}/",
        "/admin/pages/{category}/unpublish/",
        "/admin/pages/{category}/delete/",
        "/admin/forms/",
        "/admin/groups/",
    ],
)
def test_entries_team_cannot_edit_pages(team, home, programme, category, url):
    response = team.get(
        url.format(home=home.pk, programme=programme.pk, category=category.pk)
    )
    assert_denied(response)


def test_entries_team_cannot_post_page_changes(team, home, category):
    response = team.post(
        f"/admin/pages/add/categories/programmepage/{home.pk}/",
        programme_form("Awards 2028"),
    )
    assert_denied(response)
    assert not ProgrammePage.objects.filter(slug="awards-2028").exists()
    response = team.post(f"/admin/pages/{category.pk}/edit/", {"title": "Renamed"})
    assert_denied(response)
    category.refresh_from_db()
    assert category.title == "Open Category"


# Superusers keep everything


def test_superuser_has_everything(admin_client, home, programme, category, entry):
    for url in (
        "/admin/entries/",
        f"/admin/entries/inspect/{entry.pk}/",
        f"/admin/entries/extend/{entry.pk}/",
        f"/admin/pages/{category.pk}/edit/",
        f"/admin/pages/add/categories/categorypage/{programme.pk}/",
        "/admin/groups/",
    ):
        assert admin_client.get(url).status_code == 200, url


# Wagtail's default roles: removed (entries/migrations/0004)


def test_a_fresh_install_has_the_three_roles_and_no_moderation():
    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "Entries team",
        "Judges",
        "Marketing editors",
    ]
    assert not Workflow.objects.exists()
    assert not Task.objects.exists()
    assert not WorkflowPage.objects.exists()


def test_the_migration_removes_wagtails_moderation_and_keeps_its_members(category):
    """An install made before it: the default groups, a member, a page waiting."""
    root = Page.get_first_root_node()
    editors = Group.objects.create(name="Editors")
    moderators = Group.objects.create(name="Moderators")
    GroupPagePermission.objects.create(
        group=moderators,
        page=root,
        permission=Permission.objects.get(codename="publish_page"),
    )
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root)
    writer = make_staff("Marketing editors", "mark")
    writer.groups.set([editors])
    category.save_revision(user=writer)
    workflow.start(category, writer)
    assert category.workflow_in_progress

    migration = importlib.import_module(
        "entries.migrations.0006_remove_wagtail_default_moderation"
    )
    migration.remove_default_moderation(apps, None)

    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "Entries team",
        "Judges",
        "Marketing editors",
    ]
    assert list(writer.groups.values_list("name", flat=True)) == ["Marketing editors"]
    assert not Workflow.objects.exists()
    assert not Task.objects.exists()
    assert not WorkflowState.objects.exists()
    category.refresh_from_db()
    assert not category.workflow_in_progress
    # The waiting draft is kept, and its writer can now publish it.
    assert category.get_latest_revision().user == writer
    assert category.permissions_for_user(writer).can_publish()


# Staff accounts (Settings > Users)


def user_form(**fields) -> dict:
    return {
        "username": "sam",
        "email": "sam@awards.example.org",
        "first_name": "Sam",
        "last_name": "",
        "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42",
        "groups": [Group.objects.get(name="Marketing editors").pk],
        **fields,
    }


def test_a_marketing_editor_is_created_without_a_last_name(admin_client):
    response = admin_client.post("/admin/users/new/", user_form())
    assert (response.status_code, response["Location"]) == (302, "/admin/users/")
    sam = get_user_model().objects.get(username="sam")
    assert (sam.first_name, sam.last_name) == ("Sam", "")
    assert list(sam.groups.values_list("name", flat=True)) == ["Marketing editors"]
    response = admin_client.post(
        f"/admin/users/edit/{sam.pk}/", user_form(password1="", password2="")
    )
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.last_name == ""


def test_a_staff_account_still_needs_a_first_name(admin_client):
    response = admin_client.post("/admin/users/new/", user_form(first_name=""))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "first_name": ["This field is required."]
    }
    assert not get_user_model().objects.filter(username="sam").exists()
