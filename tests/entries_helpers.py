"""Helpers for the entry tests: an open category, drafts and submissions, staff."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from entries.models import Entry, EntryDocument
from entries.questions import criterion_key
from tests.factories import EVERY_BLOCK, make_category
from tests.totp import enrol_totp


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


# The smallest file that passes as a PDF.
PDF = b"%PDF-1.4\n%%EOF\n"


def add_document(entry, original_name="plan.pdf", content=PDF, size=None):
    """A PDF stored with ``entry``, as an upload leaves it (``size`` may
    stand in for a larger file's)."""
    return EntryDocument.objects.create(
        entry=entry,
        file=ContentFile(content, name="upload.pdf"),
        original_name=original_name,
        content_type="application/pdf",
        size=len(content) if size is None else size,
    )


def make_submitted(user, category, reference, submitted_at, **answers) -> Entry:
    """A submitted entry, as submission leaves it (for the staff's tests)."""
    entry = make_draft(user, category, **answers)
    Entry.objects.filter(pk=entry.pk).update(
        status=Entry.Status.SUBMITTED, reference=reference, submitted_at=submitted_at
    )
    entry.refresh_from_db()
    return entry


def make_staff(group: str, username: str, second_factor: bool = True):
    """A staff member in one of the groups the roles migration creates, with
    a confirmed email and (unless told not) an authenticator app, as the
    admin requires of the Entries team (``tests/totp.py`` makes its codes)."""
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@awards.example.org",
        password="staff passphrase 42",
        first_name=username.capitalize(),
    )
    user.groups.add(Group.objects.get(name=group))
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    if second_factor:
        enrol_totp(user)
    return user


def check_url(entry) -> str:
    return reverse("entries:check", args=[entry.pk])


def submit_through_check(client, entry, answers, version=None):
    """Save the answers and continue to the check page, then agree and submit.

    Returns the last response: the form's (re-displayed with errors, or
    refused) if it did not lead to the check page, else the check page's POST.
    On-commit work (the confirmation email) runs as in a real request.
    """
    data = {**answers, "action": "check", "version": version or entry.version}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("entries:detail", args=[entry.pk]), data)
    if response.status_code != 302 or response["Location"] != check_url(entry):
        return response
    entry.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(check_url(entry), {"agree": "on", "version": entry.version})
