"""Helpers for the entry tests: an open category with an entry form, a draft."""

from entries.models import Entry
from entries.questions import criterion_key
from tests.factories import EVERY_BLOCK, make_category


def make_open_category(programme, entry_form, slug="open-category", **fields):
    """An open category whose body has one criterion (Impact, 350 words)."""
    return make_category(
        programme, slug, entry_form=entry_form, body=EVERY_BLOCK, **fields
    )


def impact_key(category) -> str:
    """The answer key of the category's Impact criterion."""
    block = next(b for b in category.body if b.block_type == "criterion")
    return criterion_key(block)


def complete_answers(category) -> dict[str, str]:
    """Answers that pass every check at submission."""
    return {
        "title": "Faster scans for rural patients",
        "partner_organisations": "Example NHS Trust and Scan Co",
        impact_key(category): "Waits fell from six weeks to nine days.",
    }


def make_draft(user, category, **answers) -> Entry:
    """A draft entry owned by ``user``."""
    return Entry.objects.create(
        entrant=user,
        category=category,
        entry_form=category.entry_form,
        answers=answers,
        title=answers.get("title", ""),
    )
