"""How programmes and categories appear in the JSON API (docs/api.md).

The computed fields (``entry_state``, ``contacts``) read the category states of
one response from an :class:`EntryStatuses`, so that the listing filter, every
field and the response's cache lifetime agree on one moment and cost a fixed
number of queries.
"""

from datetime import datetime

from django.apps import apps
from django.utils import timezone
from rest_framework import serializers
from wagtail.api.v2.utils import get_full_url
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from .status import CategoryStatus, category_status


class EntryStatuses:
    """The entry states of the categories in one response, all at one moment.

    ``load`` fetches the programmes of many categories in one query; ``get``
    returns a category's status, computed once by :func:`category_status`.
    """

    def __init__(self, now: datetime | None = None):
        self.now = now or timezone.now()
        self._statuses: dict[int, CategoryStatus] = {}
        self._programmes: dict[str, Page | None] = {}

    def load(self, categories) -> None:
        """Work out the states of ``categories`` (and fetch their programmes)."""
        category_model = apps.get_model("categories", "CategoryPage")
        categories = [c for c in categories if isinstance(c, category_model)]
        parent_paths = {self._parent_path(c) for c in categories}
        missing = parent_paths - self._programmes.keys()
        if missing:
            programme_model = apps.get_model("categories", "ProgrammePage")
            found = {
                p.path: p for p in programme_model.objects.filter(path__in=missing)
            }
            self._programmes.update({path: found.get(path) for path in missing})
        for category in categories:
            if category.pk not in self._statuses:
                self._statuses[category.pk] = category_status(
                    category, now=self.now, programme=self.programme_of(category)
                )

    def get(self, category) -> CategoryStatus:
        """The status of one category (loading it if needed)."""
        if category.pk not in self._statuses:
            self.load([category])
        return self._statuses[category.pk]

    def programme_of(self, category):
        """The category's programme, as fetched by ``load``."""
        if self._parent_path(category) not in self._programmes:
            self.load([category])
        return self._programmes[self._parent_path(category)]

    def values(self) -> list[CategoryStatus]:
        """Every status worked out so far: what the response shows or filtered on."""
        return list(self._statuses.values())

    @staticmethod
    def _parent_path(page) -> str:
        return page.path[: -page.steplen]


def statuses_in(context) -> EntryStatuses:
    """The response's statuses (kept on the API view), or a new set outside one."""
    view = context.get("view")
    statuses = getattr(view, "entry_statuses", None)
    if statuses is None:
        statuses = EntryStatuses()
        if view is not None:
            view.entry_statuses = statuses
    return statuses


def moment(value: datetime | None) -> str | None:
    """A moment as the API writes every date: ISO 8601 in UK time, with offset."""
    return serializers.DateTimeField().to_representation(value) if value else None


class RichTextHTMLField(serializers.CharField):
    """A rich text field as front-end HTML (page and document links resolved)."""

    def to_representation(self, value):
        return expand_db_html(value) if value else ""


class EntryStateField(serializers.Field):
    """A category's entry state: ``category_status`` at the response's moment.

    Use with ``source="*"``. ``entry_url`` is where "Start your entry" leads, or
    null when the category is not open.
    """

    def to_representation(self, category):
        status = statuses_in(self.context).get(category)
        request = self.context.get("request")
        return {
            "state": status.state.value,
            "label": status.label,
            "message": status.message,
            "opens_at": moment(status.opens_at),
            "closes_at": moment(status.closes_at),
            "entry_url": (
                get_full_url(request, status.action_url) if status.action_url else None
            ),
            "invitation_note": status.invitation_note,
        }


class ContactsField(serializers.Field):
    """The contacts that apply, as a list of ``{"heading", "people"}`` values.

    Use with ``source="*"``. A category lists its own contacts blocks, else its
    programme's; a programme lists its own.
    """

    def to_representation(self, page):
        if hasattr(page, "contacts_blocks"):
            programme = statuses_in(self.context).programme_of(page)
            blocks = page.contacts_blocks(programme)
        else:
            blocks = page.contacts
        return [
            block.block.get_api_representation(block.value, context=self.context)
            for block in blocks
        ]
