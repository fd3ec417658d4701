"""Programme and category pages: what editors publish and visitors read.

A category's programme is its parent page. That rule is written here once, in
the querysets below (for a list of categories, and as SQL for subqueries);
everything else asks them.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length, Substr
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from base.fragments import fragment
from base.serializers import RichTextHTMLField

from .blocks import CategoryBodyBlock, ProgrammeContactsBlock
from .caching import CachedPageMixin
from .panels import EntryStatePanel
from .serializers import ContactsField, EntryStateField
from .status import (
    CategoryState,
    CategoryStatus,
    EntryMode,
    category_status,
    status_in_state,
)

# A category's preview modes: as it is now, and as it will be in each state.
AS_IT_IS_NOW = ""
CATEGORY_PREVIEW_MODES = [(AS_IT_IS_NOW, "As it is now")] + [
    (state.value, state.label) for state in CategoryState
]


def validate_window(opens_at, closes_at, errors: dict) -> None:
    """Add an error if a window closes before it opens."""
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = "The closing time must be after the opening time."


class ProgrammePageQuerySet(PageQuerySet):
    """Programmes, found from their categories."""

    def for_categories(self, categories) -> dict[int, "ProgrammePage | None"]:
        """Each category's programme, by category id, in one query."""
        parent_paths = {c.pk: c.path[: -c.steplen] for c in categories}
        found = {p.path: p for p in self.filter(path__in=set(parent_paths.values()))}
        return {pk: found.get(path) for pk, path in parent_paths.items()}

    def of_category_path(self, path):
        """The programme of the category whose path is the expression ``path``
        (e.g. ``OuterRef("category__path")``), for a subquery."""
        return self.filter(path=Substr(path, 1, Length(path) - Page.steplen))


class CategoryPageQuerySet(PageQuerySet):
    """Categories, found from their programme."""

    def in_programme(self, programme):
        """The programme's categories (its children)."""
        return self.child_of(programme)


class ProgrammePage(CachedPageMixin, Page):
    """One awards programme (e.g. "Partnership Awards 2027") and its entry window.

    Its categories are its children and inherit its window and contacts.
    """

    # The listing's filter (get_context); nothing else in the query string.
    cache_query_params = ("state",)

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])
    opens_at = models.DateTimeField(
        "entries open",
        help_text="UK time. Categories open now unless they set their own date.",
    )
    closes_at = models.DateTimeField(
        "entries close",
        help_text="UK time, exact to the second: the deadline for every category "
        "that does not set its own.",
    )
    contacts = StreamField(
        ProgrammeContactsBlock(),
        blank=True,
        max_num=1,
        help_text="Shown on categories that list no contacts of their own.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldRowPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading="Entry window"
        ),
        FieldPanel("contacts"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    # The JSON API (docs/api.md): the window and the default contacts.
    api_fields = [
        APIField("intro", serializer=RichTextHTMLField()),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("contacts", serializer=ContactsField(source="*")),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["categories.CategoryPage", "entries.EntryFormPage"]

    objects = PageManager.from_queryset(ProgrammePageQuerySet)()

    class Meta:
        verbose_name = "awards programme"

    def clean(self):
        super().clean()
        errors = {}
        validate_window(self.opens_at, self.closes_at, errors)
        if errors:
            raise ValidationError(errors)

    def get_cached_paths(self) -> list[str]:
        """The page and its filters by state: what a frontend-cache purge sends."""
        return ["/"] + [f"/?state={state}" for state in CategoryState.values]

    def categories_with_status(self, now=None) -> list[tuple["CategoryPage", object]]:
        """Live categories in tree order, each with its status, in fixed queries."""
        categories = (
            CategoryPage.objects.in_programme(self)
            .live()
            .public()
            .select_related("entry_form")
            # Cards show no body: don't read and decode 200 of them.
            .defer_streamfields()
            .order_by("path")
        )
        return [(c, category_status(c, now=now, programme=self)) for c in categories]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rows = self.categories_with_status()
        # Every state shown or filtered on decides how long the page may be cached.
        context["category_statuses"] = [status for _category, status in rows]
        counts = {state: 0 for state in CategoryState}
        for _category, status in rows:
            counts[status.state] += 1
        wanted = request.GET.get("state", "")
        context["state_filter"] = wanted if wanted in CategoryState.values else ""
        context["unknown_state"] = bool(wanted) and not context["state_filter"]
        if context["state_filter"]:
            rows = [row for row in rows if row[1].state == wanted]
        context["category_rows"] = rows
        context["state_choices"] = [
            (state, state.label, counts[state]) for state in CategoryState
        ]
        context["category_total"] = sum(counts.values())
        return context


class CategoryPage(CachedPageMixin, Page):
    """One award category: its criteria, contacts and entry window."""

    summary = models.CharField(
        max_length=255, help_text="One line for listings and search results."
    )
    is_new = models.BooleanField(
        "new this year", default=False, help_text='Shows a "New" badge.'
    )
    entry_mode = models.CharField(
        max_length=20, choices=EntryMode.choices, default=EntryMode.OPEN
    )
    opens_at = models.DateTimeField(
        "entries open",
        null=True,
        blank=True,
        help_text="UK time. Leave empty to use the programme's opening time.",
    )
    closes_at = models.DateTimeField(
        "entries close",
        null=True,
        blank=True,
        help_text="UK time. Leave empty to use the programme's deadline; set it "
        "to close earlier or to extend this category.",
    )
    invitation_note = models.TextField(
        blank=True,
        help_text="For invitation-only categories: who is considered and how, "
        "e.g. finalists drawn from the other awards.",
    )
    entry_form = models.ForeignKey(
        "entries.EntryFormPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="categories",
        help_text="The form entrants fill in. Needed while the category is open.",
    )
    body = StreamField(CategoryBodyBlock(), blank=True)

    content_panels = (
        [EntryStatePanel()]
        + Page.content_panels
        + [
            FieldPanel("summary"),
            FieldPanel("is_new"),
            MultiFieldPanel(
                [
                    FieldPanel("entry_mode"),
                    FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                    FieldPanel("invitation_note"),
                    FieldPanel("entry_form"),
                ],
                heading="Entries",
            ),
            FieldPanel("body"),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    # The JSON API (docs/api.md): the content schema of DESIGN.md, and the state
    # and contacts worked out as the page shows them.
    api_fields = [
        APIField("summary"),
        APIField("is_new"),
        APIField("entry_mode"),
        APIField("entry_state", serializer=EntryStateField(source="*")),
        APIField("body"),
        APIField("contacts", serializer=ContactsField(source="*")),
    ]

    parent_page_types = ["categories.ProgrammePage"]
    subpage_types = []

    objects = PageManager.from_queryset(CategoryPageQuerySet)()

    # Editors preview the page as it is now and as it will be in each state.
    preview_modes = CATEGORY_PREVIEW_MODES
    default_preview_mode = AS_IT_IS_NOW

    class Meta:
        verbose_name = "award category"
        verbose_name_plural = "award categories"

    def clean(self):
        super().clean()
        errors = {}
        validate_window(self.opens_at, self.closes_at, errors)
        if self.entry_mode == EntryMode.OPEN and not self.entry_form_id:
            errors["entry_form"] = (
                "Choose the entry form: an open category needs one so that "
                "entrants can start an entry."
            )
        if self.entry_mode == EntryMode.INVITATION and not self.invitation_note:
            errors["invitation_note"] = (
                "Tell visitors how finalists are chosen for an invitation-only "
                "category."
            )
        if errors:
            raise ValidationError(errors)

    def get_programme(self) -> ProgrammePage | None:
        """The programme this category belongs to (its parent page), fetched
        once per instance (a page's state and its contacts both ask)."""
        if not hasattr(self, "_programme"):
            self._programme = ProgrammePage.objects.for_categories([self])[self.pk]
        return self._programme

    def get_entry_url(self) -> str:
        """Where "Start your entry" leads: this category's entry form."""
        if self.entry_form is None or not self.entry_form.live:
            return ""
        return f"{self.entry_form.url}?category={self.pk}"

    def get_meta_description(self) -> str:
        """The search description if the editor wrote one, else the summary."""
        return self.search_description or self.summary

    def contacts_blocks(self, programme=None) -> list:
        """The contacts that apply: the category's own, else its programme's."""
        own = [block for block in self.body if block.block_type == "contacts"]
        if own:
            return own
        programme = programme or self.get_programme()
        return list(programme.contacts) if programme else []

    def status_for(self, request, programme=None) -> CategoryStatus:
        """The state the page shows: the real one, or in an editor's preview of
        another state (a preview mode), that state."""
        mode = getattr(request, "preview_mode", None)
        if getattr(request, "is_preview", False) and mode in CategoryState.values:
            return status_in_state(self, mode, programme=programme)
        return category_status(self, programme=programme)

    def get_context(self, request, *args, **kwargs):
        """The page's parts, from the fragment cache when they are there.

        The same for every visitor, so kept for all (``base/fragments.py``):
        the state and what goes with it, until the state's next change; the
        rendered body, per revision and state (how to apply depends on it).
        Both go with every publish. An editor's preview is never kept: it
        shows a draft, perhaps in another state.
        """
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            state, _ = self.state_parts(request)
            body_html = self.render_body(request, state["status"])
        else:
            # The host is part of the key: addresses are relative to the site.
            host = request.get_host()
            state = fragment(
                "category-state", [host, self.pk], lambda: self.state_parts(request)
            )
            status = state["status"]
            body_html = fragment(
                "category-body",
                [host, self.pk, self.live_revision_id, status.state],
                lambda: (self.render_body(request, status), None),
            )
        context.update(state)
        context["category_statuses"] = [state["status"]]
        context["body_html"] = body_html
        return context

    def state_parts(self, request) -> tuple[dict, float | None]:
        """The state panel's status, the programme's title and address, the
        other categories and the breadcrumbs; and when they stop being true."""
        programme = self.get_programme()
        status = self.status_for(request, programme)
        # Links to the other categories: titles and slugs, not 200 pages (a
        # child's address is its parent's followed by its slug).
        siblings = (
            CategoryPage.objects.sibling_of(self, inclusive=False)
            .live()
            .public()
            .order_by("path")
            .values_list("title", "slug")
        )
        base = programme.get_url(request) if programme else None
        parts = {
            "status": status,
            "programme_title": programme.title if programme else "",
            "other_categories": (
                [(title, f"{base}{slug}/") for title, slug in siblings] if base else []
            ),
            "ancestors": list(self.get_ancestors()),
        }
        until = status.next_change_at.timestamp() if status.next_change_at else None
        return parts, until

    def render_body(self, request, status) -> str:
        """The criteria's contents list, the body's blocks and the contacts."""
        has_own_contacts = any(b.block_type == "contacts" for b in self.body)
        return render_to_string(
            "categories/category_body.html",
            {
                "page": self,
                "status": status,
                "criteria": [b for b in self.body if b.block_type == "criterion"],
                "inherited_contacts": (
                    [] if has_own_contacts else self.contacts_blocks()
                ),
            },
            request=request,
        )


class CategoryStatuses:
    """The states of the categories in one response, all at one moment.

    ``load`` fetches the programmes of many categories in one query; ``get``
    returns a category's status, computed once by :func:`category_status`. The
    API's views keep one per response (``categories/api.py``), so that its
    filter, its fields and its cache lifetime agree.
    """

    def __init__(self, now: datetime | None = None):
        self.now = now or timezone.now()
        self._statuses: dict[int, CategoryStatus] = {}
        self._programmes: dict[int, ProgrammePage | None] = {}

    def load(self, categories) -> None:
        """Work out the states of ``categories`` (and fetch their programmes)."""
        categories = [c for c in categories if isinstance(c, CategoryPage)]
        missing = [c for c in categories if c.pk not in self._programmes]
        if missing:
            self._programmes.update(ProgrammePage.objects.for_categories(missing))
        for category in categories:
            if category.pk not in self._statuses:
                self._statuses[category.pk] = category_status(
                    category, now=self.now, programme=self._programmes[category.pk]
                )

    def get(self, category) -> CategoryStatus:
        """The status of one category (loading it if needed)."""
        if category.pk not in self._statuses:
            self.load([category])
        return self._statuses[category.pk]

    def programme_of(self, category) -> ProgrammePage | None:
        """The category's programme, as fetched by ``load``."""
        if category.pk not in self._programmes:
            self.load([category])
        return self._programmes[category.pk]

    def values(self) -> list[CategoryStatus]:
        """Every status worked out so far: what the response shows or filtered on."""
        return list(self._statuses.values())
