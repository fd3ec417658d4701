"""The entries admin (wagtail-modeladmin): who may do what, and its views.

Entries are never created, edited or deleted through generic admin forms:
every change is a function of ``entries/lifecycle.py``, which these views call
after asking for confirmation. The list exports to CSV and XLSX with every cell
passed through ``entries.export.neutralise``.
"""

import datetime
from collections import OrderedDict

from django import forms
from django.contrib.admin.utils import lookup_field, quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail_modeladmin.helpers import AdminURLHelper, ButtonHelper, PermissionHelper
from wagtail_modeladmin.views import (
    HistoryView,
    IndexView,
    InspectView,
    InstanceSpecificView,
)

from base.ids import ID_PATTERN
from base.times import format_moment
from categories.status import category_status

from .export import neutralise
from .lifecycle import (
    EntryRefused,
    allows,
    grant_extension,
    reopen_entry,
    withdraw_entry,
)
from .questions import entry_questions, word_counts
from .record import answers_fingerprint, has_record


class EntryPermissionHelper(PermissionHelper):
    """Entries staff read entries; changes need their own permission each."""

    def user_can(self, user, codename: str) -> bool:
        """True if ``user`` may view entries and has ``entries.<codename>``."""
        return self.user_has_specific_permission(
            user, "view_entry"
        ) and self.user_has_specific_permission(user, codename)

    def user_can_list(self, user):
        return self.user_has_specific_permission(user, "view_entry")

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    # Never through generic forms, not even for superusers: see lifecycle.py.
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_export(self, user) -> bool:
        """May download the list as CSV or XLSX."""
        return self.user_can(user, "export_entry")

    def user_can_act(self, user, obj, action: str) -> bool:
        """May do ``action`` (reopen, withdraw, extend) to ``obj`` in its status."""
        return allows(obj, action) and self.user_can(user, f"{action}_entry")


class EntryURLHelper(AdminURLHelper):
    """The entries admin's URLs, whose ids are ASCII digits as everywhere else.

    modeladmin's own pattern takes any "word" (``abc``, ``²``), which the
    entry lookup then fails to turn into a number: a 500, not a 404.
    """

    def _get_object_specific_action_url_pattern(self, action):
        return (
            rf"^{self.base_url_path}/{action}/(?P<instance_pk>{ID_PATTERN.pattern})/$"
        )


class EntryButtonHelper(ButtonHelper):
    """The inspect view's buttons: reopen, withdraw, extension, history."""

    def action_button(self, action: str, obj, label: str, classnames=()) -> dict:
        return {
            "url": self.url_helper.get_action_url(action, quote(obj.pk)),
            "label": label,
            "classname": self.finalise_classname(list(classnames)),
            "title": f"{label}: {obj}",
        }

    def action_buttons(self, obj) -> list[dict]:
        """The buttons for what this user may do to ``obj`` in its state."""
        helper, user = self.permission_helper, self.request.user
        buttons = []
        if helper.user_can_act(user, obj, "reopen"):
            buttons.append(self.action_button("reopen", obj, "Reopen"))
        if helper.user_can_act(user, obj, "extend"):
            label = "Change extension" if obj.extended_until else "Give an extension"
            buttons.append(self.action_button("extend", obj, label))
        if helper.user_can_act(user, obj, "withdraw"):
            buttons.append(self.action_button("withdraw", obj, "Withdraw", ["no"]))
        if has_record(obj):
            buttons.append(
                {
                    "url": reverse("entries:record", args=[obj.pk]),
                    "label": "Download PDF",
                    "classname": self.finalise_classname([]),
                    "title": f"The copy of record of {obj}, as submitted",
                }
            )
        # Plain buttons: "button-secondary" is too faint on the dark footer.
        buttons.append(self.action_button("history", obj, "History"))
        return buttons


def uk_time(value: datetime.datetime):
    """A stored UTC moment as UK wall-clock time, for a spreadsheet cell."""
    return timezone.localtime(value).replace(tzinfo=None)


class EntryIndexView(IndexView):
    """The entries list: filters and search, and exports that match them."""

    FILTER_PARAMS = ("programme", "category", "status__exact")

    export_headings = {
        "reference_display": "Reference",
        "title": "Title",
        "entrant_name": "Entrant",
        "entrant_email": "Email",
        "organisation": "Organisation",
        "category_title": "Category",
        "programme": "Programme",
        "status_label": "Status",
        "submitted_at": "Submitted (UK time)",
        "extended_until": "Extended until (UK time)",
    }
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: uk_time(value).strftime(
                "%Y-%m-%d %H:%M:%S"
            ),
            SpreadsheetExportMixin.FORMAT_XLSX: uk_time,
        },
    }

    def dispatch(self, request, *args, **kwargs):
        wants_export = request.GET.get(self.EXPORT_VAR) in self.FORMATS
        if (
            wants_export
            and request.user.is_authenticated
            and not self.permission_helper.user_can_export(request.user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filters_params(self, params=None):
        # Only the list's own filters: modeladmin makes any other parameter
        # (?version=abc, ?action=x) a lookup, and a lookup that fails a 500.
        return {
            name: values
            for name, values in super().get_filters_params(params).items()
            if name in self.FILTER_PARAMS
        }

    def get_queryset(self, request=None):
        # modeladmin builds the filters and queryset in dispatch() and again
        # for the page; build them once.
        if not hasattr(self, "_entries"):
            self._entries = super().get_queryset(request)
        return self._entries

    @cached_property
    def can_export(self) -> bool:
        """Whether to offer the download buttons."""
        return self.permission_helper.user_can_export(self.request.user)

    def get_filename(self):
        return f"entries-{timezone.localdate():%Y-%m-%d}"

    def get_heading(self, queryset, field):
        return neutralise(super().get_heading(queryset, field))

    def to_row_dict(self, item):
        # Empty cells stay empty (the list shows "-", which a spreadsheet
        # would read as the start of a formula).
        row = OrderedDict()
        for field in self.list_export:
            _field, _attr, value = lookup_field(field, item, self.model_admin)
            row[field] = "" if value is None else value
        return row

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def stream_csv(self, queryset):
        # A byte order mark, so that Excel reads names with accents as UTF-8.
        yield "\ufeff"
        yield from super().stream_csv(queryset)


class EntryInspectView(InspectView):
    """The whole entry as the judges will read it: every answer under its question."""

    def get_page_subtitle(self):
        return str(self.instance)

    def get_meta_title(self):
        # modeladmin's "Inspecting entry" is the same for every entry (WCAG 2.4.2).
        return f"Inspecting entry {self.instance}"

    def get_fields_dict(self):
        return []  # the template lays the entry out itself

    def get_context_data(self, **kwargs):
        entry = self.instance
        questions = entry_questions(entry.entry_form, entry.category)
        counts = word_counts(questions, entry.answers)
        programme = entry.category.get_programme()
        context = {
            "entry": entry,
            "answers": [
                {
                    "question": question,
                    "text": str(entry.answers.get(question.key, "")).strip(),
                    "words": counts[question.key],
                }
                for question in questions
            ],
            "profile": getattr(entry.entrant, "entrant", None),
            "programme": programme,
            "status": category_status(entry.category, programme=programme, entry=entry),
            "documents": entry.documents.all(),
            "fingerprint_matches": entry.answers_sha256
            == answers_fingerprint(entry.answers),
            "buttons": self.button_helper.action_buttons(entry),
        }
        context.update(kwargs)
        return super().get_context_data(**context)


class EntryHistoryView(HistoryView):
    """The entry's audit log, to those who may read the entry."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


class EntryActionView(InstanceSpecificView):
    """Ask, then do: GET shows what will happen, POST (with CSRF) does it."""

    action = ""
    template_name = "modeladmin/entries/entry/confirm.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can(user, f"{self.action}_entry")

    def is_possible(self) -> bool:
        """Whether the entry's status allows the action (lifecycle's table)."""
        return allows(self.instance, self.action)

    def act(self, user):
        """Make the change through lifecycle.py; return the success message."""
        raise NotImplementedError

    @cached_property
    def inspect_url(self) -> str:
        return self.url_helper.get_action_url("inspect", self.pk_quoted)

    def get_page_title(self):
        return f"{self.action.capitalize()} entry"

    def get_context_data(self, **kwargs):
        entry = self.instance
        context = {
            "entry": entry,
            "profile": getattr(entry.entrant, "entrant", None),
            "status": category_status(entry.category, entry=entry),
            "inspect_url": self.inspect_url,
        }
        context.update(kwargs)
        return super().get_context_data(**context)

    def get(self, request, *args, **kwargs):
        if not self.is_possible():
            messages.error(request, self.impossible_message())
            return redirect(self.inspect_url)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request.user)
        except EntryRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, message)
        return redirect(self.inspect_url)

    def impossible_message(self) -> str:
        return f"{self.instance} is {self.instance.get_status_display().lower()}."


class ReopenView(EntryActionView):
    """Reopen a submitted entry: a draft again, and the entrant is emailed."""

    action = "reopen"

    def impossible_message(self):
        return f"Only a submitted entry can be reopened: {super().impossible_message()}"

    def act(self, user):
        entry = reopen_entry(self.instance, user)
        return f"{entry} is a draft again; {entry.entrant.email} has been emailed."


class WithdrawView(EntryActionView):
    """Withdraw an entry (it stays readable, never judged); email the entrant."""

    action = "withdraw"

    def act(self, user):
        entry = withdraw_entry(self.instance, user)
        return f"{entry} has been withdrawn; {entry.entrant.email} has been emailed."


class ExtensionForm(forms.Form):
    """A later deadline for one entry, and why."""

    extended_until = forms.DateTimeField(
        label="New deadline for this entry",
        help_text="UK time. The entrant can save and submit until then.",
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        help_text="Kept with the entry and in the audit log.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def describe_errors(form) -> None:
    """Tie each field's error message to its input (WCAG 1.3.1, 3.3.1).

    Wagtail's ``formattedfield`` shows the message and marks the input
    invalid, but leaves the message out of the input's ``aria-describedby``,
    so a screen reader hears "invalid" and no reason. The template gives the
    message the id ``<field id>-error``; the input is described by it and by
    the help text (``<field id>-helptext``, Wagtail's id for it).
    """
    for name in form.errors:
        if name not in form.fields:
            continue
        field = form[name]
        ids = [f"{field.id_for_label}-helptext"] if field.help_text else []
        ids.append(f"{field.id_for_label}-error")
        field.field.widget.attrs["aria-describedby"] = " ".join(ids)


class ExtensionView(EntryActionView):
    """Give one entry its own later deadline (a form, then lifecycle)."""

    action = "extend"
    template_name = "modeladmin/entries/entry/extension.html"

    def get_page_title(self):
        return "Extension"

    def get_meta_title(self):
        return f"Extension: {self.instance}"

    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "form",
            ExtensionForm(
                initial={
                    "extended_until": self.instance.extended_until
                    and timezone.localtime(self.instance.extended_until),
                    "reason": self.instance.extension_reason,
                }
            ),
        )
        kwargs["category_status"] = category_status(self.instance.category)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = ExtensionForm(request.POST)
        if form.is_valid():
            try:
                entry = grant_extension(
                    self.instance,
                    form.cleaned_data["extended_until"],
                    form.cleaned_data["reason"],
                    request.user,
                )
            except EntryRefused as refused:
                form.add_error("extended_until", refused.message)
            else:
                messages.success(
                    request,
                    f"{entry} may now be saved and submitted until "
                    f"{format_moment(entry.extended_until)}; "
                    f"{entry.entrant.email} has been emailed.",
                )
                return redirect(self.inspect_url)
        describe_errors(form)
        return self.render_to_response(self.get_context_data(form=form))
