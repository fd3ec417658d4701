"""Template filters for moments in UK time."""

from django import template

from base.times import format_moment, format_moment_exact

register = template.Library()


@register.filter
def uk_moment(value) -> str:
    """Show a stored UTC moment in UK time, e.g. "Friday 26 March 2027, 5pm"."""
    return format_moment(value) if value else ""


@register.filter
def uk_moment_exact(value) -> str:
    """A stored moment in UK time to the second, e.g. "…, 12:00:05pm GMT"."""
    return format_moment_exact(value) if value else ""
