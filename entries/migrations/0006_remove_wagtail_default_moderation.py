"""Remove Wagtail's default "Editors" and "Moderators" groups and its
"Moderators approval" workflow: this site has two roles of its own (0003).

Wagtail's project template makes them for a site where editors submit pages
and moderators approve them. Here they only got in the way: an account in
"Editors" could do nothing but "Submit to Moderators approval", which locked
the page for want of a moderator, and nothing it wrote could go live. Marketing
editors publish directly; a site that wants a sign-off later can add a workflow
in Settings > Workflows.

Anyone who was in either group is moved to "Marketing editors", so nobody loses
the pages they could edit. Pages waiting in the removed workflow leave it (their
drafts are kept) and are unlocked. Not reversible: the old groups served no role.
"""

from django.db import migrations

WAGTAIL_GROUPS = ["Editors", "Moderators"]
WAGTAIL_WORKFLOW = "Moderators approval"
MARKETING_EDITORS = "Marketing editors"


def remove_default_moderation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    # Their tasks, workflow pages, workflow states and task states go with them.
    for workflow in Workflow.objects.filter(name=WAGTAIL_WORKFLOW):
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        workflow.delete()
        GroupApprovalTask.objects.filter(
            pk__in=task_ids, name=WAGTAIL_WORKFLOW
        ).delete()

    marketing = Group.objects.get(name=MARKETING_EDITORS)
    for group in Group.objects.filter(name__in=WAGTAIL_GROUPS):
        marketing.user_set.add(*group.user_set.all())
        group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("entries", "0005_answers_fingerprint"),
        # After every Wagtail migration that sets up or grants rights to the
        # default groups and workflow.
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(remove_default_moderation, migrations.RunPython.noop)
    ]
