"""Template filters for moments in UK time."""

from django import template

from base.times import format_moment

register = template.Library()


@register.filter
def uk_moment(value) -> str:
    """Show a stored UTC moment in UK time, e.g. "Friday 26 March 2027, 5pm"."""
    return format_moment(value) if value else ""
