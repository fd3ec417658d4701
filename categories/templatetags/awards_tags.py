"""Template filters for showing entry windows."""

from django import template

from categories.status import format_moment

register = template.Library()


@register.filter
def uk_moment(value) -> str:
    """Show a stored UTC moment in UK time, the way the state messages do."""
    return format_moment(value) if value else ""
