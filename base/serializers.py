"""Serializer fields the JSON APIs share: rich text and moments."""

from datetime import datetime

from rest_framework import serializers
from wagtail.rich_text import expand_db_html


def moment(value: datetime | None) -> str | None:
    """A moment as the API writes every date: ISO 8601 in UK time, with offset."""
    return serializers.DateTimeField().to_representation(value) if value else None


class RichTextHTMLField(serializers.CharField):
    """A rich text field as front-end HTML (page and document links resolved)."""

    def to_representation(self, value):
        return expand_db_html(value) if value else ""
