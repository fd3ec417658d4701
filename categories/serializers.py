"""How programmes and categories appear in the JSON API (docs/api.md).

The computed fields (``entry_state``, ``contacts``) read the category states of
one response from the view's :class:`~categories.models.CategoryStatuses`
(``categories/api.py``), so that the listing filter, every field and the
response's cache lifetime agree on one moment and cost a fixed number of
queries.
"""

from rest_framework import serializers
from wagtail.api.v2.utils import get_full_url

from base.serializers import moment


def statuses_in(context):
    """The category statuses of the response being serialised (on its view)."""
    return context["view"].category_statuses


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
