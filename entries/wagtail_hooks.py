"""Admin hooks for entries."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks

from .models import Entry


@hooks.register("before_delete_page")
def keep_pages_that_have_entries(request, page):
    """Refuse to delete a category or entry form that entries belong to.

    Entries hold entrants' work: deleting their category would lose it (the
    database refuses anyway). Editors unpublish such pages instead.
    """
    specific = page.specific_class.__name__
    entries = Entry.objects.none()
    if specific == "CategoryPage":
        entries = Entry.objects.filter(category_id=page.pk)
    elif specific == "EntryFormPage":
        entries = Entry.objects.filter(entry_form_id=page.pk)
    count = entries.count()
    if not count:
        return None
    messages.error(
        request,
        f"“{page.title}” cannot be deleted: "
        f"{'1 entry belongs' if count == 1 else f'{count} entries belong'} to it. "
        "Unpublish it instead.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
