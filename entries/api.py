"""The entries API (Django Ninja): an entrant's journey as JSON, for other front ends.

The same journey as the HTML pages (``views.py``), and the same rules: every
change is a function of ``lifecycle.py``, the answers are checked by the entry
form (``forms.EntryForm``) and documents by ``documents.py``. Entries are
found through :func:`owned_entry` only, so another entrant's entry or
document is a 404 on every endpoint. Refusals are problem details
(``base/problems.py``). The router is mounted in ``config/api.py``, which also
says how clients sign in; docs/api.md describes the endpoints.
"""

from datetime import datetime
from typing import Annotated, Literal

from django.http import FileResponse, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, File, Path, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import field_validator
from wagtail.rich_text import expand_db_html

from base.ids import MAX_ID
from base.problems import ProblemError, problems
from categories.models import CategoryPage
from categories.status import category_status

from .documents import DocumentRefused, too_large_message
from .forms import EntryForm
from .lifecycle import (
    EntryRefused,
    StaleVersion,
    add_entry_document,
    allows,
    delete_draft,
    remove_entry_document,
    save_draft,
    start_entry,
    submit_entry,
    withdraw_own_entry,
)
from .models import Entry, EntryDocument
from .questions import answered_count, entry_questions, word_counts
from .record import RecordFailed, has_record, record_filename, record_pdf
from .uploads import too_large_upload

router = Router(tags=["entries"])

# Ids as a table can hold them (base/ids.py): any other is refused (422).
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


# Schemas: what the API reads and writes.


class CategoryOut(Schema):
    """The category an entry is for."""

    id: int
    title: str
    url: str


class DeadlineOut(Schema):
    """The entry's deadline as its entrant sees it (an extension counts)."""

    state: Literal["coming_soon", "open", "closed", "invitation"]
    message: str
    closes_at: datetime | None
    seconds_left: int | None = Field(
        description="Whole seconds until the deadline; 0 once it has passed, "
        "null without a deadline."
    )
    time_left: str
    extended: bool
    is_open: bool


class QuestionOut(Schema):
    """One question; its answer is ``answers[key]``."""

    key: str
    label: str
    required: bool
    help_text: str
    word_limit: int | None
    field_type: str
    description: str = Field(description="A criterion's rich text, as HTML.")
    guidance: list[str]


class DocumentOut(Schema):
    """A supporting document; its content is served to its owner only."""

    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: datetime


class ActionsOut(Schema):
    """What the entrant may do with the entry now."""

    save: bool
    submit: bool
    withdraw: bool
    delete: bool


class EntrySummaryOut(Schema):
    """An entry in "my entries"."""

    id: int
    category: CategoryOut
    status: Literal["draft", "submitted", "withdrawn"]
    reference: str | None
    title: str
    version: int
    updated_at: datetime
    submitted_at: datetime | None
    deadline: DeadlineOut


class EntryOut(EntrySummaryOut):
    """An entry with its questions, answers, documents and what may be done."""

    questions: list[QuestionOut]
    answers: dict[str, str]
    words: dict[str, int]
    answered: int
    declaration: str
    documents: list[DocumentOut]
    actions: ActionsOut
    record_url: str | None


class StartIn(Schema):
    """Start (or resume) the entrant's draft for a category."""

    category: int = Field(..., ge=1, le=MAX_ID)


def no_nul(value: str) -> str:
    """Refuse NUL characters: no one types them and PostgreSQL stores none."""
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


class AnswersIn(Schema):
    """Every answer, as the entry page's form sends them, at ``version``.

    An answer left out is saved empty, as a cleared field on the page is.
    """

    version: int = Field(..., ge=0, le=MAX_ID)
    answers: dict[str, str]

    @field_validator("answers")
    @classmethod
    def clean_answers(cls, answers):
        for key, value in answers.items():
            no_nul(key)
            no_nul(value)
        return answers


class SavedOut(Schema):
    """What an autosave wrote."""

    version: int
    updated_at: datetime
    answered: int
    total: int
    words: dict[str, int]


class CheckOut(Schema):
    """Whether the saved answers would pass submission, and what stops them."""

    ready: bool
    refusal: str | None = Field(
        description="Why the entry cannot be submitted at all now, if so."
    )
    errors: dict[str, list[str]] = Field(
        description="By question key, what submission would refuse."
    )


class SubmitIn(Schema):
    """Submit the saved answers at ``version``, agreeing to the declaration."""

    version: int = Field(..., ge=0, le=MAX_ID)
    agree: bool = Field(description="The entrant agrees to the declaration.")


class CsrfOut(Schema):
    """A CSRF token for browser clients (sent back in ``X-CSRFToken``)."""

    csrf_token: str


# What the schemas are made from.


def moment(value: datetime | None) -> datetime | None:
    """A moment as the APIs write them: UK time, with its offset."""
    return timezone.localtime(value) if value else None


def deadline_of(entry: Entry, now=None) -> dict:
    """The entry's deadline and time left, by ``category_status`` (with the entry)."""
    now = now or timezone.now()
    status = category_status(entry.category, now=now, entry=entry)
    seconds_left = None
    if status.closes_at is not None:
        seconds_left = max(0, int((status.closes_at - now).total_seconds()))
    return {
        "state": status.state.value,
        "message": status.message,
        "closes_at": moment(status.closes_at),
        "seconds_left": seconds_left,
        "time_left": status.time_left,
        "extended": status.extended,
        "is_open": status.is_open,
    }


def summary_of(entry: Entry) -> dict:
    """An entry as listed."""
    return {
        "id": entry.pk,
        "category": {
            "id": entry.category.pk,
            "title": entry.category.title,
            "url": entry.category.url or "",
        },
        "status": entry.status,
        "reference": entry.reference,
        "title": entry.title,
        "version": entry.version,
        "updated_at": moment(entry.updated_at),
        "submitted_at": moment(entry.submitted_at),
        "deadline": deadline_of(entry),
    }


def question_of(question) -> dict:
    description = question.description
    return {
        "key": question.key,
        "label": question.label,
        "required": question.required,
        "help_text": question.help_text,
        "word_limit": question.word_limit,
        "field_type": question.field_type,
        "description": expand_db_html(description.source) if description else "",
        "guidance": list(question.guidance),
    }


def document_of(document: EntryDocument) -> dict:
    return {
        "id": document.pk,
        "name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "uploaded_at": moment(document.uploaded_at),
    }


def detail_of(request, entry: Entry) -> dict:
    """An entry with everything the entry page shows."""
    questions = entry_questions(entry.entry_form, entry.category)
    answers = {q.key: str(entry.answers.get(q.key, "")) for q in questions}
    is_open = category_status(entry.category, entry=entry).is_open
    return {
        **summary_of(entry),
        "questions": [question_of(q) for q in questions],
        "answers": answers,
        "words": word_counts(questions, answers),
        "answered": answered_count(questions, answers),
        "declaration": entry.declaration or entry.entry_form.declaration,
        "documents": [document_of(d) for d in entry.documents.all()],
        "actions": {
            "save": allows(entry, "save") and is_open,
            "submit": allows(entry, "submit") and is_open,
            "withdraw": allows(entry, "withdraw_own") and is_open,
            "delete": allows(entry, "delete"),
        },
        "record_url": (
            request.build_absolute_uri(
                reverse("entries_api:record", kwargs={"entry_id": entry.pk})
            )
            if has_record(entry)
            else None
        ),
    }


def owned_entry(request, entry_id: int) -> Entry:
    """The signed-in entrant's entry, or 404 (another's is not found either)."""
    return get_object_or_404(
        Entry.objects.select_related("category__entry_form", "entry_form"),
        pk=entry_id,
        entrant=request.auth,
    )


def refused(exc: EntryRefused) -> ProblemError:
    """A lifecycle refusal as a 409: the entry's state does not allow it."""
    return ProblemError(409, "entry-refused", exc.message)


def stale(exc: StaleVersion, sent: dict | None = None) -> ProblemError:
    """A stale version as a 409 carrying the saved copy, as the page shows it."""
    current = exc.current
    saved = {key: str(value) for key, value in current.answers.items()}
    differs = sorted(
        key
        for key in set(saved) | set(sent or {})
        if saved.get(key, "") != (sent or {}).get(key, "")
    )
    return ProblemError(
        409,
        "stale-version",
        exc.message,
        current={
            "version": current.version,
            "updated_at": moment(current.updated_at),
            "answers": saved,
        },
        differs=differs if sent is not None else [],
    )


# The endpoints.


@router.get("/csrf/", response=CsrfOut, auth=None, summary="CSRF token")
def csrf(request):
    """A CSRF token for browser clients on another origin, which cannot read
    the site's cookie: send it as ``X-CSRFToken`` with every write."""
    return {"csrf_token": get_token(request)}


@router.get("/", response={200: list[EntrySummaryOut], **problems(401, 429)})
def list_entries(request):
    """My entries, the latest changed first."""
    entries = (
        Entry.objects.filter(entrant=request.auth)
        .select_related("category__entry_form", "entry_form")
        .order_by("-updated_at", "-pk")
    )
    return [summary_of(entry) for entry in entries]


@router.post(
    "/",
    response={200: EntryOut, 201: EntryOut, **problems(401, 403, 404, 409, 422, 429)},
)
def start(request, payload: StartIn):
    """Start an entry for a category, or resume the draft already started (200)."""
    category = get_object_or_404(
        CategoryPage.objects.live().public().select_related("entry_form"),
        pk=payload.category,
    )
    existing = set(
        Entry.objects.filter(
            entrant=request.auth, status=Entry.Status.DRAFT
        ).values_list("pk", flat=True)
    )
    try:
        entry = start_entry(request.auth, category)
    except EntryRefused as exc:
        raise refused(exc) from exc
    entry = owned_entry(request, entry.pk)
    return Status(200 if entry.pk in existing else 201, detail_of(request, entry))


@router.get("/{entry_id}/", response={200: EntryOut, **problems(401, 404, 422, 429)})
def read(request, entry_id: Id):
    """An entry: its questions, answers, status, version, deadline and documents."""
    return detail_of(request, owned_entry(request, entry_id))


@router.put(
    "/{entry_id}/answers/",
    response={200: SavedOut, **problems(401, 403, 404, 409, 422, 429)},
)
def autosave(request, payload: AnswersIn, entry_id: Id):
    """Save the answers as they are (no checks yet), unless another copy was
    saved since ``version``: then 409, with the saved copy in ``current``."""
    entry = owned_entry(request, entry_id)
    questions = entry_questions(entry.entry_form, entry.category)
    keys = {q.key for q in questions}
    unknown = sorted(set(payload.answers) - keys)
    if unknown:
        raise ProblemError(
            422,
            "invalid",
            "The answers name questions this entry does not ask.",
            [(f"answers.{key}", "Not a question of this entry.") for key in unknown],
        )
    answers = EntryForm(questions, payload.answers).raw_answers()
    try:
        entry = save_draft(entry, answers, payload.version)
    except StaleVersion as exc:
        raise stale(exc, answers) from exc
    except EntryRefused as exc:
        raise refused(exc) from exc
    return {
        "version": entry.version,
        "updated_at": moment(entry.updated_at),
        "answered": answered_count(questions, answers),
        "total": len(questions),
        "words": word_counts(questions, answers),
    }


@router.get(
    "/{entry_id}/check/", response={200: CheckOut, **problems(401, 404, 422, 429)}
)
def check(request, entry_id: Id):
    """Submission's checks on the saved answers, without submitting."""
    entry = owned_entry(request, entry_id)
    questions = entry_questions(entry.entry_form, entry.category)
    form = EntryForm(questions, entry.answers, for_submission=True)
    errors = {} if form.is_valid() else {k: list(v) for k, v in form.errors.items()}
    refusal = None
    if not allows(entry, "submit"):
        refusal = f"This entry is {entry.get_status_display().lower()}."
    elif not (status := category_status(entry.category, entry=entry)).is_open:
        refusal = f"{entry.category.title}: {status.message}."
    return {
        "ready": not errors and refusal is None,
        "refusal": refusal,
        "errors": errors,
    }


@router.post(
    "/{entry_id}/submit/",
    response={200: EntryOut, **problems(401, 403, 404, 409, 422, 429)},
)
def submit(request, payload: SubmitIn, entry_id: Id):
    """Submit the saved answers at ``version``: the entry's reference.

    Submitting again is not an error: the same entry and reference, one
    submission and one email.
    """
    entry = owned_entry(request, entry_id)
    if not payload.agree:
        raise ProblemError(
            422,
            "declaration-not-agreed",
            "Agree to the declaration to submit your entry.",
            [("agree", "Agree to the declaration to submit your entry")],
        )
    if allows(entry, "submit"):
        questions = entry_questions(entry.entry_form, entry.category)
        form = EntryForm(questions, entry.answers, for_submission=True)
        if not form.is_valid():
            raise ProblemError(
                422,
                "answers-incomplete",
                "The entry cannot be submitted yet: see errors.",
                [
                    (f"answers.{key}", message)
                    for key, messages in form.errors.items()
                    for message in messages
                ],
            )
    try:
        submit_entry(entry, entry.answers, payload.version)
    except StaleVersion as exc:
        raise stale(exc) from exc
    except EntryRefused as exc:
        raise refused(exc) from exc
    return detail_of(request, owned_entry(request, entry_id))


@router.post(
    "/{entry_id}/withdraw/",
    response={200: EntryOut, **problems(401, 403, 404, 409, 422, 429)},
)
def withdraw(request, entry_id: Id):
    """Withdraw a submitted entry before its deadline: it will not be judged."""
    entry = owned_entry(request, entry_id)
    try:
        withdraw_own_entry(entry, request.auth)
    except EntryRefused as exc:
        raise refused(exc) from exc
    return detail_of(request, owned_entry(request, entry_id))


@router.delete(
    "/{entry_id}/", response={204: None, **problems(401, 403, 404, 409, 422, 429)}
)
def delete(request, entry_id: Id):
    """Delete a draft that was never submitted, with its documents."""
    entry = owned_entry(request, entry_id)
    try:
        delete_draft(entry, request.auth)
    except EntryRefused as exc:
        raise refused(exc) from exc
    return Status(204, None)


@router.get(
    "/{entry_id}/documents/",
    response={200: list[DocumentOut], **problems(401, 404, 422, 429)},
)
def list_documents(request, entry_id: Id):
    """The entry's documents."""
    entry = owned_entry(request, entry_id)
    return [document_of(d) for d in entry.documents.all()]


@router.post(
    "/{entry_id}/documents/",
    response={201: DocumentOut, **problems(401, 403, 404, 409, 413, 422, 429)},
)
def upload_document(request, entry_id: Id, file: File[UploadedFile] = None):
    """Add a document (multipart, field ``file``): checked by its content."""
    entry = owned_entry(request, entry_id)
    cut_off = too_large_upload(request)
    if cut_off:
        raise ProblemError(413, "too-large", too_large_message(cut_off))
    if file is None:
        raise ProblemError(
            422,
            "invalid",
            "Send the document as the multipart field file.",
            [("file", "Field required")],
        )
    try:
        document = add_entry_document(entry, file)
    except DocumentRefused as exc:
        raise ProblemError(
            422, "document-refused", exc.message, [("file", exc.message)]
        ) from exc
    except EntryRefused as exc:
        raise refused(exc) from exc
    return Status(201, document_of(document))


@router.get(
    "/{entry_id}/documents/{document_id}/",
    response={200: None, **problems(401, 404, 422, 429)},
    openapi_extra={
        "responses": {
            200: {
                "description": "The document's content.",
                "content": {"application/octet-stream": {}},
            }
        }
    },
)
def download_document(request, entry_id: Id, document_id: Id):
    """The document's content, as uploaded."""
    entry = owned_entry(request, entry_id)
    document = get_object_or_404(entry.documents, pk=document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.delete(
    "/{entry_id}/documents/{document_id}/",
    response={204: None, **problems(401, 403, 404, 409, 422, 429)},
)
def delete_document(request, entry_id: Id, document_id: Id):
    """Remove a document from a draft."""
    entry = owned_entry(request, entry_id)
    get_object_or_404(entry.documents, pk=document_id)
    try:
        remove_entry_document(entry, document_id)
    except EntryRefused as exc:
        raise refused(exc) from exc
    except EntryDocument.DoesNotExist:
        pass  # removed meanwhile (another tab): gone either way
    return Status(204, None)


@router.get(
    "/{entry_id}/record.pdf",
    response={200: None, **problems(401, 404, 422, 429, 503)},
    openapi_extra={
        "responses": {
            200: {
                "description": "The PDF copy of record.",
                "content": {"application/pdf": {}},
            }
        }
    },
)
def record(request, entry_id: Id):
    """The PDF copy of record of a submitted entry (none for a draft: 404)."""
    entry = owned_entry(request, entry_id)
    if not has_record(entry):
        raise ProblemError(404, "no-record", "This entry has not been submitted.")
    try:
        pdf = record_pdf(entry)
    except RecordFailed as exc:
        raise ProblemError(503, "record-unavailable", str(exc)) from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{record_filename(entry)}"'
    response["Cache-Control"] = "private, no-store"
    return response
