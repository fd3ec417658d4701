"""Entries: the forms entrants fill in, their entries, documents and profiles."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.fields import RichTextField
from wagtail.models import Page

from base.ids import parse_id
from categories.caching import CachedPageMixin
from categories.status import category_status

from . import storage
from .questions import entry_questions

# Questions whose answer is one piece of text, so that a draft can keep exactly
# what the entrant typed, whatever its state.
ENTRY_FIELD_TYPES = [
    ("singleline", "Single line text"),
    ("multiline", "Multi-line text"),
    ("email", "Email"),
    ("url", "URL"),
    ("number", "Number"),
    ("dropdown", "Drop down"),
    ("radio", "Radio buttons"),
]


class EntryFormField(AbstractFormField):
    """One common question (e.g. "Organisation") with an optional word limit."""

    field_type = models.CharField(
        "field type", max_length=16, choices=ENTRY_FIELD_TYPES
    )
    page = ParentalKey(
        "EntryFormPage", on_delete=models.CASCADE, related_name="form_fields"
    )
    word_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Most words an answer may have. Leave empty for no limit.",
    )

    panels = AbstractFormField.panels + [FieldPanel("word_limit")]


DEFAULT_DECLARATION = (
    "I confirm that the information in this entry is true and accurate, that "
    "the organisations named in it have agreed to it being entered, and that "
    "the awards team and the judges may read it and its documents."
)


class EntryFormPage(CachedPageMixin, Page):
    """The form entrants fill in, shared by any number of categories.

    Editors define the common questions here (an orderable list, built into
    form fields by Wagtail's FormBuilder); each criterion block of the category
    being entered adds one answer section with its own word limit. Its page
    shows the questions a category's entry asks, so that people can prepare;
    "Start your entry" posts to ``entries:start``. It is not a Wagtail form
    page: entries, not form submissions, hold the answers. The declaration is
    what entrants agree to on the check-your-answers page before submitting.
    """

    # The category whose form this is (get_category).
    cache_query_params = ("category",)

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])
    declaration = models.TextField(
        default=DEFAULT_DECLARATION,
        help_text="What entrants agree to before they submit, shown on the "
        "check-your-answers page. Plain text; a blank line starts a new paragraph. "
        "Each entry keeps the wording its entrant agreed to.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Common questions"),
        FieldPanel("declaration"),
    ]

    parent_page_types = ["categories.ProgrammePage", "home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "entry form"

    def get_form_fields(self):
        """The common questions, in the editor's order."""
        return self.form_fields.all()

    def get_category(self, request):
        """The live category named by ``?category=`` that uses this form, or None."""
        category_id = parse_id(request.GET.get("category", ""))
        if category_id is None:
            return None
        return self.categories.live().public().filter(pk=category_id).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = self.get_category(request)
        context["category"] = category
        context["status"] = category_status(category) if category else None
        # The category's state decides how long the page may be cached.
        context["category_statuses"] = [context["status"]] if category else []
        context["questions"] = entry_questions(self, category) if category else []
        return context


class EntrantProfile(models.Model):
    """Who an entrant is, and when they agreed to the privacy notice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entrant"
    )
    full_name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=200)
    job_title = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    privacy_consented_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)

    def __str__(self):
        return f"{self.full_name} ({self.organisation})"


class Entry(models.Model):
    """One entrant's entry to one category: answers in progress or submitted."""

    class Status(models.TextChoices):
        """Where an entry is in its life; changed only by entries/lifecycle.py."""

        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    entrant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries"
    )
    category = models.ForeignKey(
        "categories.CategoryPage", on_delete=models.PROTECT, related_name="entries"
    )
    entry_form = models.ForeignKey(
        EntryFormPage, on_delete=models.PROTECT, related_name="entries"
    )
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    # Bumped on every save: a save from an older copy (another tab) is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # The entry form's declaration as the entrant agreed to it when submitting.
    declaration = models.TextField(blank=True)
    # SHA-256 of the answers as submitted (entries/record.py says how), so that
    # any dispute about what was submitted can be settled; empty for a draft.
    answers_sha256 = models.CharField(
        "answers fingerprint (SHA-256)", max_length=64, blank=True
    )
    # An extension: this entry alone may be saved and submitted until then
    # (categories.status.category_status reads it). Set by lifecycle.grant_extension.
    extended_until = models.DateTimeField("extended until", null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["-updated_at"]
        # The entries team's actions, beyond Django's own "view entry".
        permissions = [
            ("export_entry", "Can export entries"),
            ("reopen_entry", "Can reopen submitted entries"),
            ("withdraw_entry", "Can withdraw entries"),
            ("extend_entry", "Can give an entry an extension"),
        ]

    def __str__(self):
        return self.reference or f"Draft {self.pk}: {self.title or 'untitled'}"

    @property
    def is_draft(self) -> bool:
        """True while the entrant may still change the entry."""
        return self.status == self.Status.DRAFT


def document_path(document, filename: str) -> str:
    """A storage path that never uses the uploaded name: entries/<id>/<uuid>.<ext>."""
    extension = filename.rsplit(".", 1)[-1]
    return f"entries/{document.entry_id}/{uuid.uuid4().hex}.{extension}"


def private_storage():
    """The storage for entrants' documents (no public URL): ``storages["private"]``."""
    return storage.private_storage


class EntryDocument(models.Model):
    """A supporting document uploaded with an entry, stored privately."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=document_path, storage=private_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class ReferenceSequence(models.Model):
    """The last reference number given for a prefix such as "PA27"."""

    prefix = models.CharField(max_length=12, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last_number}"


class EntryReminder(models.Model):
    """A deadline reminder sent for an entry: one per entry and deadline.

    The unique pair lets ``send_deadline_reminders`` run every hour and still
    email each reminder once; a new deadline (an extension) gets its own.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "deadline"], name="one_reminder_per_deadline"
            )
        ]

    def __str__(self):
        return f"{self.entry} ({self.deadline:%Y-%m-%d %H:%M})"
