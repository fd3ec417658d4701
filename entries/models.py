"""Entry forms: the questions entrants answer for a category."""

from django.db import models
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField

from categories.status import category_status


class EntryFormField(AbstractFormField):
    """One common question (e.g. "Organisation") with an optional word limit."""

    page = ParentalKey(
        "EntryFormPage", on_delete=models.CASCADE, related_name="form_fields"
    )
    word_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Most words an answer may have. Leave empty for no limit.",
    )

    panels = AbstractFormField.panels + [FieldPanel("word_limit")]


class EntryFormPage(AbstractForm):
    """The form entrants fill in, shared by any number of categories.

    Editors define the common questions here; each criterion block of the category
    being entered adds one answer section with its own word limit.
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Common questions"),
    ]

    parent_page_types = ["categories.ProgrammePage", "home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "entry form"

    def get_category(self, request):
        """The live category named by ``?category=`` that uses this form, or None."""
        category_id = request.GET.get("category", "")
        if not category_id.isdigit():
            return None
        return self.categories.live().public().filter(pk=category_id).first()

    def serve(self, request, *args, **kwargs):
        # Until entrants can sign in and save drafts, this page shows the questions
        # an entry asks, so that people can prepare; it accepts no answers.
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        context = self.get_context(request, *args, **kwargs)
        category = self.get_category(request)
        context["category"] = category
        context["status"] = category_status(category) if category else None
        context["criteria"] = (
            [b for b in category.body if b.block_type == "criterion"]
            if category
            else []
        )
        return TemplateResponse(request, self.get_template(request), context)
