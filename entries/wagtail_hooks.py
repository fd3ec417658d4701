"""Admin hooks for entries: the Entries menu, the audit log's actions, and the
guard on deleting pages that entries belong to. (The dashboard panel needs the
home page's programme, so ``home/wagtail_hooks.py`` adds it.)"""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import re_path
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from base.times import format_moment
from categories.models import ProgrammePage

from .admin_views import (
    EntryButtonHelper,
    EntryHistoryView,
    EntryIndexView,
    EntryInspectView,
    EntryPermissionHelper,
    EntryURLHelper,
    ExtensionView,
    ReopenView,
    WithdrawView,
)
from .filters import CategoryFilter, ProgrammeFilter
from .models import Entry

# The permissions the group editor offers for entries: the ones the admin uses.
ENTRY_PERMISSIONS = [
    "view_entry",
    "export_entry",
    "reopen_entry",
    "withdraw_entry",
    "extend_entry",
]


class EntryAdmin(ModelAdmin):
    """Entries in the admin: list, filters, search, inspect, export, actions."""

    model = Entry
    menu_label = "Entries"
    menu_icon = "form"
    menu_order = 250
    base_url_path = "entries"
    list_display = (
        "reference_display",
        "title",
        "entrant_name",
        "organisation",
        "category_title",
        "programme",
        "status",
        "submitted_at",
    )
    list_filter = (ProgrammeFilter, CategoryFilter, "status")
    search_fields = (
        "reference",
        "title",
        "entrant__entrant__full_name",
        "entrant__email",
        "entrant__entrant__organisation",
    )
    list_export = (
        "reference_display",
        "title",
        "entrant_name",
        "entrant_email",
        "organisation",
        "category_title",
        "programme",
        "status_label",
        "submitted_at",
        "extended_until",
    )
    list_per_page = 50
    inspect_view_enabled = True
    permission_helper_class = EntryPermissionHelper
    url_helper_class = EntryURLHelper
    button_helper_class = EntryButtonHelper
    index_view_class = EntryIndexView
    inspect_view_class = EntryInspectView
    history_view_class = EntryHistoryView

    def get_queryset(self, request):
        """Entries with their category, entrant and programme, in one query."""
        programme_title = ProgrammePage.objects.of_category_path(
            OuterRef("category__path")
        ).values("title")[:1]
        return (
            super()
            .get_queryset(request)
            .select_related("category", "entrant__entrant")
            .annotate(programme_title=Subquery(programme_title))
        )

    @staticmethod
    def profile(obj):
        return getattr(obj.entrant, "entrant", None)

    def reference_display(self, obj):
        return obj.reference or f"Draft {obj.pk}"

    reference_display.short_description = "Reference"
    reference_display.admin_order_field = "reference"

    def entrant_name(self, obj):
        profile = self.profile(obj)
        return profile.full_name if profile else obj.entrant.get_username()

    entrant_name.short_description = "Entrant"
    entrant_name.admin_order_field = "entrant__entrant__full_name"

    def entrant_email(self, obj):
        return obj.entrant.email

    entrant_email.short_description = "Email"

    def organisation(self, obj):
        profile = self.profile(obj)
        return profile.organisation if profile else ""

    organisation.short_description = "Organisation"
    organisation.admin_order_field = "entrant__entrant__organisation"

    def category_title(self, obj):
        return obj.category.title

    category_title.short_description = "Category"
    category_title.admin_order_field = "category__title"

    def programme(self, obj):
        return obj.programme_title

    programme.short_description = "Programme"
    programme.admin_order_field = "programme_title"

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = "Status"

    def get_permissions_for_registration(self):
        return Permission.objects.filter(
            content_type__app_label="entries",
            content_type__model="entry",
            codename__in=ENTRY_PERMISSIONS,
        )

    def action_view(self, view_class):
        def view(request, instance_pk):
            return view_class.as_view(model_admin=self, instance_pk=instance_pk)(
                request
            )

        return view

    def get_admin_urls_for_registration(self):
        actions = {
            "reopen": ReopenView,
            "withdraw": WithdrawView,
            "extend": ExtensionView,
        }
        return super().get_admin_urls_for_registration() + tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                self.action_view(view_class),
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view_class in actions.items()
        )


modeladmin_register(EntryAdmin)


@hooks.register("insert_global_admin_css")
def entries_admin_css():
    """The entries admin's reflow fixes (static/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_log_actions")
def register_entry_log_actions(actions):
    """Label the entries team's actions in the audit log (Reports > Site history)."""
    actions.register_action(
        "entries.reopen", "Reopen entry", "Reopened: a draft again, entrant emailed"
    )
    actions.register_action("entries.withdraw", "Withdraw entry", "Withdrawn")
    actions.register_action(
        "entries.delete", "Delete draft entry", "Draft deleted by its entrant"
    )
    actions.register_action(
        "entries.erase",
        "Delete entry with account",
        "Entry deleted with its entrant's account",
    )

    @actions.register_action("entries.extend")
    class ExtensionFormatter(LogFormatter):
        label = "Give entry an extension"

        def format_message(self, log_entry):
            until = parse_datetime(log_entry.data.get("until") or "")
            if until is None:
                return "Extension given"
            return (
                f"Extended to {format_moment(until)}: "
                f"{log_entry.data.get('reason', '')}"
            )


@hooks.register("before_delete_page")
def keep_pages_that_have_entries(request, page):
    """Refuse to delete a category or entry form that entries belong to.

    Entries hold entrants' work: deleting their category would lose it (the
    database refuses anyway). Editors unpublish such pages instead.
    """
    specific = page.specific_class.__name__
    entries = Entry.objects.none()
    if specific == "CategoryPage":
        entries = Entry.objects.filter(category_id=page.pk)
    elif specific == "EntryFormPage":
        entries = Entry.objects.filter(entry_form_id=page.pk)
    count = entries.count()
    if not count:
        return None
    messages.error(
        request,
        f"“{page.title}” cannot be deleted: "
        f"{'1 entry belongs' if count == 1 else f'{count} entries belong'} to it. "
        "Unpublish it instead.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
