"""The judging roles, each with the least rights its work needs.

- "Judges": no permission at all. Membership alone opens the judging area
  (``/judging/``), which shows a judge only their own assignments; it gives no
  admin access. Judges need a second factor (``SECOND_FACTOR_GROUPS``).
- "Entries team" gains the staff's side of judging: set up rounds and panels
  (add, change, view rounds), and run them (``run_judging``: assign, reopen
  sheets, decide results, export scores).

Runs on an empty database, making the permissions it needs as the entries
roles migration does. Reversing removes the Judges group and the team's
judging permissions.
"""

from django.db import migrations

JUDGES = "Judges"
ENTRIES_TEAM = "Entries team"

ROUND_PERMISSIONS = {
    "add_judginground": "Can add judging round",
    "change_judginground": "Can change judging round",
    "view_judginground": "Can view judging round",
    "run_judging": "Can assign judges, reopen sheets and decide results",
}


def permission(apps, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="judging", model="judginground"
    )
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=JUDGES)
    team, _ = Group.objects.get_or_create(name=ENTRIES_TEAM)
    team.permissions.add(
        *(permission(apps, code, name) for code, name in ROUND_PERMISSIONS.items())
    )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name=JUDGES).delete()
    team = Group.objects.filter(name=ENTRIES_TEAM).first()
    if team is not None:
        team.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="judging", codename__in=ROUND_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0001_initial"),
        ("entries", "0003_staff_groups"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
