"""The entries list's table and filters, as modeladmin's, with what its own
templates leave out (WCAG 1.3.1 and 1.4.10): the table in a labelled scroll
region, ``aria-sort`` on the sorted column, each filter's heading tied to its
list, and ``aria-current`` on the chosen filter. modeladmin's tags pick their
templates themselves, so these tags reuse their context with ours."""

from django import template
from django.template.loader import get_template
from django.utils.text import slugify
from wagtail_modeladmin.templatetags import modeladmin_tags

register = template.Library()


@register.inclusion_tag("modeladmin/entries/entry/result_list.html", takes_context=True)
def entry_result_list(context):
    """modeladmin's ``result_list``, rendered with the entries' template."""
    return modeladmin_tags.result_list(context)


@register.simple_tag
def entry_list_filter(view, spec):
    """One of the list's filters, its heading tied to its list of choices."""
    return get_template("modeladmin/entries/entry/filter.html").render(
        {
            "title": spec.title,
            "choices": list(spec.choices(view)),
            "heading_id": f"filter-{slugify(spec.title)}",
        }
    )
