"""The copy of record of a submitted entry: its answers' fingerprint and its PDF.

The fingerprint is the SHA-256 of the answers as stored, written as JSON with
the keys sorted, no spaces (``","`` and ``":"``), and non-ASCII characters as
themselves, in UTF-8. It is kept on the entry at submission and printed in the
PDF, so that anyone can recompute it from the database and settle what was
submitted. The PDF is the print template, ``entries/record.html``, rendered by
xhtml2pdf (pure Python) with the DejaVu Sans font that ships in ``fonts/``.
"""

import hashlib
import io
import json
from pathlib import Path

from django.template.loader import render_to_string
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from .models import Entry
from .questions import entry_questions, word_counts

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

# The template may read the fonts and nothing else: no other file, no network.
POLICY = ResourceAccessPolicy(allow_remote=False, base_dir=FONTS_DIR)


class RecordFailed(Exception):
    """The PDF could not be rendered."""


def answers_fingerprint(answers: dict) -> str:
    """The SHA-256 (hex) of ``answers`` in the canonical JSON described above."""
    canonical = json.dumps(
        answers, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def has_record(entry: Entry) -> bool:
    """Whether the entry has a copy of record: it was submitted, and not reopened."""
    return bool(entry.submitted_at and entry.answers_sha256)


def record_filename(entry: Entry) -> str:
    """The PDF's file name, e.g. "PA27-0001.pdf"."""
    return f"{entry.reference}.pdf"


def record_context(entry: Entry) -> dict:
    """What the print template shows: the facts, each answer, the documents."""
    questions = entry_questions(entry.entry_form, entry.category)
    counts = word_counts(questions, entry.answers)
    return {
        "entry": entry,
        "profile": getattr(entry.entrant, "entrant", None),
        "programme": entry.category.get_programme(),
        "answers": [
            {
                "question": question,
                "text": str(entry.answers.get(question.key, "")).strip(),
                "words": counts[question.key],
            }
            for question in questions
        ],
        "documents": entry.documents.all(),
        "fonts_dir": FONTS_DIR,
    }


def record_pdf(entry: Entry) -> bytes:
    """The entry as submitted, as a PDF."""
    html = render_to_string("entries/record.html", record_context(entry))
    out = io.BytesIO()
    status = pisa.CreatePDF(html, dest=out, encoding="utf-8", resource_policy=POLICY)
    if status.err:
        raise RecordFailed(f"The PDF of {entry} could not be made.")
    return out.getvalue()
