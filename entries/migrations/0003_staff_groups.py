"""The two staff roles, each with the least rights its work needs.

- "Marketing editors": the Wagtail admin, and add, edit, publish (which
  includes scheduling), lock and unlock on every page below the root: the
  programmes, categories and entry forms. No permission on entries.
- "Entries team": the Wagtail admin, and view, export, reopen, withdraw and
  extend entries. No page permission, so no page editing.

Runs on an empty database (``make run`` on a fresh machine): Django creates
model permissions only after all migrations, so the ones needed here are made
now, with the names Django would give them. Reversing removes the two groups
(and with them their page permissions); permissions stay, as Django keeps them.
"""

from django.db import migrations

MARKETING_EDITORS = "Marketing editors"
ENTRIES_TEAM = "Entries team"

PAGE_PERMISSIONS = {
    "add_page": "Can add page",
    "change_page": "Can change page",
    "publish_page": "Publish any page",
    "lock_page": "Lock/unlock pages you've locked",
    "unlock_page": "Unlock any page",
}
ENTRY_PERMISSIONS = {
    "view_entry": "Can view entry",
    "export_entry": "Can export entries",
    "reopen_entry": "Can reopen submitted entries",
    "withdraw_entry": "Can withdraw entries",
    "extend_entry": "Can give an entry an extension",
}


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    access_admin = permission(
        apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
    )

    editors, _ = Group.objects.get_or_create(name=MARKETING_EDITORS)
    editors.permissions.add(access_admin)
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        for codename, name in PAGE_PERMISSIONS.items():
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=root,
                permission=permission(apps, "wagtailcore", "page", codename, name),
            )

    team, _ = Group.objects.get_or_create(name=ENTRIES_TEAM)
    team.permissions.add(
        access_admin,
        *(
            permission(apps, "entries", "entry", codename, name)
            for codename, name in ENTRY_PERMISSIONS.items()
        ),
    )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[MARKETING_EDITORS, ENTRIES_TEAM]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("entries", "0002_staff_extensions_reminders"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # After Wagtail's migrations that give every existing group "choose
        # image/document": these roles need neither.
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
