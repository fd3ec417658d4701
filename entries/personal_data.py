"""Everything the site holds about an entrant, as one JSON-ready document.

"Download your data" on the account page serves it. It holds the account,
the profile and consent, and every entry with its answers (under their
questions) and its documents' details; never anyone else's data, and not the
staff's names (an extension says when and why, not who gave it).
"""

from django.utils import timezone

from .models import Entry
from .questions import entry_questions


def moment(value):
    """A stored moment as ISO 8601 in UK time, or None."""
    return timezone.localtime(value).isoformat() if value else None


def entry_data(entry: Entry) -> dict:
    """One entry: its facts, each question with its answer, its documents."""
    questions = entry_questions(entry.entry_form, entry.category)
    known = {question.key for question in questions}
    return {
        "reference": entry.reference,
        "title": entry.title,
        "category": entry.category.title,
        "status": entry.get_status_display(),
        "started_at": moment(entry.created_at),
        "last_saved_at": moment(entry.updated_at),
        "submitted_at": moment(entry.submitted_at),
        "declaration_agreed": entry.declaration or None,
        "answers_sha256": entry.answers_sha256 or None,
        "extended_until": moment(entry.extended_until),
        "extension_reason": entry.extension_reason or None,
        "answers": [
            {"question": question.label, "answer": entry.answers.get(question.key, "")}
            for question in questions
        ]
        # Answers to questions editors have since removed are theirs too.
        + [
            {"question": key, "answer": value}
            for key, value in entry.answers.items()
            if key not in known
        ],
        "documents": [
            {
                "name": document.original_name,
                "size_bytes": document.size,
                "content_type": document.content_type,
                "uploaded_at": moment(document.uploaded_at),
            }
            for document in entry.documents.all()
        ],
    }


def personal_data(user) -> dict:
    """The account, profile, consent and entries of ``user``."""
    profile = getattr(user, "entrant", None)
    entries = (
        user.entries.select_related("category", "entry_form")
        .prefetch_related("documents")
        .order_by("created_at", "pk")
    )
    return {
        "account": {
            "email": user.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified}
                for address in user.emailaddress_set.order_by("-primary", "email")
            ],
            "created_at": moment(user.date_joined),
            "last_signed_in_at": moment(user.last_login),
        },
        "profile": {
            "full_name": profile.full_name,
            "organisation": profile.organisation,
            "job_title": profile.job_title,
            "phone": profile.phone,
        }
        if profile
        else None,
        "consent": {
            "privacy_notice_version": profile.privacy_notice_version,
            "agreed_at": moment(profile.privacy_consented_at),
        }
        if profile
        else None,
        "entries": [entry_data(entry) for entry in entries],
    }
