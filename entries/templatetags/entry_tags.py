"""Template helpers for the entry form."""

from django import template

from entries.words import count_words

register = template.Library()


@register.filter
def word_count(text) -> int:
    """The words in an answer, by the one word-count rule."""
    return count_words(str(text or ""))


@register.simple_tag
def answer_widget(bound_field, word_limit=None, form_errors=None):
    """The field's input, described by its hint, error and word counter.

    ``form_errors`` are the form's own errors (a wrong password), which the
    form's first field shows and is described by.
    """
    field_id = bound_field.id_for_label
    has_errors = bool(bound_field.errors or form_errors)
    described_by = [f"{field_id}-hint"]
    if has_errors:
        described_by.append(f"{field_id}-error")
    attrs = {"aria-describedby": " ".join(described_by)}
    if word_limit:
        attrs["data-word-limit"] = word_limit
        attrs["aria-describedby"] += f" {field_id}-count"
    if has_errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def word_count_text(text, limit) -> str:
    """ "120 of 400 words", or "412 of 400 words: 12 too many" (as the browser says)."""
    words = count_words(str(text or ""))
    message = f"{words} of {limit} words"
    return f"{message}: {words - limit} too many" if words > limit else message
