"""The home page: the programme's front door."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from base.serializers import RichTextHTMLField
from categories.caching import CachedPageMixin
from categories.models import ProgrammePage


class HomePage(CachedPageMixin, Page):
    """The site's front door: an intro, and the current programme's categories."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    current_programme = models.ForeignKey(
        "categories.ProgrammePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The programme the home page leads to. Leave empty for the one "
        "with the latest deadline.",
    )
    call_to_action = models.CharField(
        max_length=80,
        default="See the categories and enter",
        help_text="The text of the home page's main button.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("current_programme"),
        FieldPanel("call_to_action"),
    ]
    api_fields = [
        APIField("intro", serializer=RichTextHTMLField()),
        APIField("call_to_action"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["categories.ProgrammePage", "entries.EntryFormPage"]
    max_count = 1

    def get_current_programme(self):
        """The chosen programme if it is live, else the one closing last."""
        programmes = ProgrammePage.objects.child_of(self).live().public()
        chosen = self.current_programme
        if chosen is not None and chosen.live:
            return chosen
        return programmes.order_by("-closes_at").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        programme = self.get_current_programme()
        context["programme"] = programme
        context["category_rows"] = (
            programme.categories_with_status() if programme else []
        )
        context["category_statuses"] = [
            status for _c, status in context["category_rows"]
        ]
        return context
