"""Entrants' views: start, edit, autosave, check and submit, read and list entries.

Every view finds entries through ``owned_entry`` (or, for documents, staff
permission), so an entry of another entrant is a 404 whatever the action.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from base.ids import parse_id
from categories.models import CategoryPage
from categories.status import category_status

from .documents import (
    ACCEPT,
    DocumentRefused,
    too_large_message,
    upload_hint,
)
from .forms import DeclarationForm, EntryForm
from .lifecycle import (
    EntryRefused,
    StaleVersion,
    add_entry_document,
    allows,
    delete_draft,
    ensure_editable,
    remove_entry_document,
    save_draft,
    start_entry,
    submit_entry,
    withdraw_own_entry,
)
from .models import Entry, EntryDocument
from .questions import answered_count, entry_questions, word_counts
from .record import has_record, record_filename, record_pdf
from .uploads import too_large_upload


def owned_entry(request, pk) -> Entry:
    """The signed-in entrant's entry ``pk``, or 404."""
    return get_object_or_404(
        # The category's entry form too: its state links to it.
        Entry.objects.select_related("category__entry_form", "entry_form"),
        pk=pk,
        entrant=request.user,
    )


def posted_version(request) -> int:
    """The version the posted copy was loaded at (0 if missing or forged)."""
    return parse_id(request.POST.get("version", "")) or 0


def saved_time(entry: Entry) -> str:
    """When the entry was last saved, in UK time, e.g. "14:02"."""
    return timezone.localtime(entry.updated_at).strftime("%H:%M")


@require_POST
def start_entry_view(request, category_pk):
    """ "Start your entry" on an entry form's page: start (or resume) the draft."""
    category = get_object_or_404(
        CategoryPage.objects.live().public().select_related("entry_form"),
        pk=category_pk,
    )
    if not request.user.is_authenticated:
        # Back to the form's page for the category, to start from there.
        return redirect_to_login(category.get_entry_url() or category.url)
    try:
        entry = start_entry(request.user, category)
    except EntryRefused as refused:
        messages.error(request, refused.message)
        return redirect(category.url)
    return redirect("entries:detail", pk=entry.pk)


@login_required
@require_GET
def entry_list(request):
    """My entries: each with its category, state, deadline and time left."""
    entries = request.user.entries.select_related("category").order_by("-updated_at")
    statuses = {}
    rows = []
    for entry in entries:
        # One status per category and deadline: an extended entry has its own.
        key = (entry.category_id, entry.extended_until)
        if key not in statuses:
            statuses[key] = category_status(entry.category, entry=entry)
        rows.append((entry, statuses[key]))
    return render(request, "entries/entry_list.html", {"rows": rows})


def text_saved_elsewhere(conflict, key: str, typed: str) -> str | None:
    """The other tab's saved answer to show beside this copy's, if they differ."""
    if conflict is None:
        return None
    saved = conflict.current.answers.get(key, "")
    return saved if saved != typed else None


def render_entry(
    request, entry, form, *, conflict=None, refusal="", upload_errors=(), status=200
):
    """The entry page: the form while the entry can change, else read-only.

    ``upload_errors`` are shown at the file input, tied to it, and in the
    error summary (not only at the top of the page).
    """
    questions = form.questions
    category_state = category_status(entry.category, entry=entry)
    answers = form.raw_answers() if form.is_bound else entry.answers
    fields = [
        {
            "question": question,
            "field": form[question.key],
            "saved_elsewhere": text_saved_elsewhere(
                conflict, question.key, answers.get(question.key, "")
            ),
        }
        for question in questions
    ]
    context = {
        "entry": entry,
        "form": form,
        "fields": fields,
        "status": category_state,
        "editable": allows(entry, "save") and category_state.is_open,
        "version": conflict.current.version if conflict else entry.version,
        "refusal": refusal or (conflict.message if conflict else ""),
        "answered": answered_count(questions, answers),
        "documents": entry.documents.all(),
        "upload_hint": upload_hint(),
        "upload_accept": ACCEPT,
        "saved_at": saved_time(entry),
        "may_delete": allows(entry, "delete"),
        "may_withdraw": entrant_may_withdraw(entry, category_state),
        "upload_errors": list(upload_errors),
    }
    return TemplateResponse(
        request, "entries/entry_detail.html", context, status=status
    )


@login_required
def entry_detail(request, pk):
    """Read or edit an entry; POST saves the draft, uploads, or goes to the check."""
    entry = owned_entry(request, pk)
    questions = entry_questions(entry.entry_form, entry.category)
    if request.method != "POST":
        initial = dict(entry.answers)
        return render_entry(request, entry, EntryForm(questions, initial=initial))

    action = request.POST.get("action", "save")
    cut_off = too_large_upload(request)
    form = EntryForm(
        questions, request.POST, for_submission=action in ("check", "submit")
    )
    if cut_off:
        # Reading stopped in that file: what came after it (the button pressed
        # among it) was never read, so nothing is saved; the page shows what
        # was typed, with the reason.
        return render_entry(
            request,
            entry,
            form,
            upload_errors=[too_large_message(cut_off)],
            status=413,
        )
    answers = form.raw_answers()
    try:
        entry = save_draft(entry, answers, posted_version(request))
    except StaleVersion as conflict:
        return render_entry(request, entry, form, conflict=conflict, status=409)
    except EntryRefused as refused:
        return render_entry(request, entry, form, refusal=refused.message, status=409)

    if action == "upload":
        refusals = []
        for upload in request.FILES.getlist("documents"):
            try:
                document = add_entry_document(entry, upload)
            except (DocumentRefused, EntryRefused) as refused:
                refusals.append(refused.message)
            else:
                messages.success(request, f"{document.original_name} was added.")
        if refusals:
            # Shown at the file input, so the page is rendered, not redirected.
            form = EntryForm(questions, initial=dict(entry.answers))
            return render_entry(
                request, entry, form, upload_errors=refusals, status=400
            )
    elif action.startswith("remove-document-"):
        # The answers are saved (above); removing asks first (WCAG 3.3.4).
        document_pk = parse_id(action.removeprefix("remove-document-"))
        if document_pk and entry.documents.filter(pk=document_pk).exists():
            return redirect(
                "entries:remove_document", pk=entry.pk, document_pk=document_pk
            )
    elif action in ("check", "submit"):
        # Submission happens on the check page, after the declaration; an old
        # form's "Submit entry" leads there too.
        if not form.is_valid():
            return render_entry(request, entry, form, status=400)
        return redirect("entries:check", pk=entry.pk)
    else:
        messages.success(request, f"Your entry was saved at {saved_time(entry)}.")
    return redirect("entries:detail", pk=entry.pk)


@require_POST
def entry_autosave(request, pk):
    """The browser's autosave: JSON in, JSON out, never a redirect to sign in."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {
                "error": "signed_out",
                "message": "Not saved: you have been signed out. Sign in again; "
                "your text is kept in this browser.",
            },
            status=401,
        )
    entry = owned_entry(request, pk)
    questions = entry_questions(entry.entry_form, entry.category)
    answers = EntryForm(questions, request.POST).raw_answers()
    try:
        entry = save_draft(entry, answers, posted_version(request))
    except StaleVersion as conflict:
        return JsonResponse(
            {"error": "conflict", "message": f"Not saved: {conflict.message}"},
            status=409,
        )
    except EntryRefused as refused:
        return JsonResponse(
            {"error": "refused", "message": f"Not saved: {refused.message}"},
            status=409,
        )
    return JsonResponse(
        {
            "version": entry.version,
            "saved_at": saved_time(entry),
            "answered": answered_count(questions, answers),
            "total": len(questions),
        }
    )


def render_check(request, entry, form, declaration, *, refusal="", status=200):
    """The check page: each answer under its question, documents, declaration.

    Each "Change" link names its field's own id, so that the browser puts the
    cursor in it on arrival.
    """
    counts = word_counts(form.questions, entry.answers)
    answers = [
        {
            "question": question,
            "text": str(entry.answers.get(question.key, "")).strip(),
            "words": counts[question.key],
            "field_id": form[question.key].id_for_label,
        }
        for question in form.questions
    ]
    context = {
        "entry": entry,
        "answers": answers,
        "documents": entry.documents.all(),
        "declaration": declaration,
        "status": category_status(entry.category, entry=entry),
        "refusal": refusal,
    }
    return TemplateResponse(request, "entries/check.html", context, status=status)


@login_required
def entry_check(request, pk):
    """Check your answers, agree to the declaration and submit (GOV.UK's pattern).

    It shows the answers as saved. If they would not pass submission's checks
    (a required answer missing, a word limit passed), the entry form is shown
    instead, with the error summary, so that "Change" is one step away. POST
    submits the saved answers at the version the page showed: a change made
    in another tab since is never submitted unseen.
    """
    entry = owned_entry(request, pk)
    if not (
        allows(entry, "submit") and category_status(entry.category, entry=entry).is_open
    ):
        return redirect("entries:detail", pk=entry.pk)
    questions = entry_questions(entry.entry_form, entry.category)
    form = EntryForm(questions, entry.answers, for_submission=True)
    if not form.is_valid():
        return render_entry(request, entry, form, status=400)
    if request.method != "POST":
        declaration = DeclarationForm(entry.entry_form.declaration)
        return render_check(request, entry, form, declaration)

    declaration = DeclarationForm(entry.entry_form.declaration, request.POST)
    if not declaration.is_valid():
        return render_check(request, entry, form, declaration, status=400)
    try:
        submit_entry(entry, entry.answers, posted_version(request))
    except StaleVersion:
        entry.refresh_from_db()
        return render_check(
            request,
            entry,
            form,
            DeclarationForm(entry.entry_form.declaration),
            refusal="This entry was changed in another tab or window since you "
            "opened this page, so it has not been submitted. Check the answers "
            "below, as they are now saved, and submit again.",
            status=409,
        )
    except EntryRefused as refused:
        return render_check(
            request, entry, form, declaration, refusal=refused.message, status=409
        )
    return redirect("entries:confirmation", pk=entry.pk)


@login_required
@require_GET
def entry_confirmation(request, pk):
    """After submission: the reference number and what happens next."""
    entry = owned_entry(request, pk)
    if not entry.reference:
        return redirect("entries:detail", pk=entry.pk)
    return render(request, "entries/confirmation.html", {"entry": entry})


@login_required
@require_GET
def document_download(request, pk, document_pk):
    """A document, to its entry's owner or to staff who may view entries."""
    documents = EntryDocument.objects.filter(pk=document_pk, entry_id=pk)
    if not request.user.has_perm("entries.view_entry"):
        documents = documents.filter(entry__entrant=request.user)
    document = get_object_or_404(documents)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_remove(request, pk, document_pk):
    """Remove a supporting document, after a page that asks (it cannot be undone)."""
    entry = owned_entry(request, pk)
    document = get_object_or_404(entry.documents, pk=document_pk)
    try:
        ensure_editable(entry)
        if request.method == "POST":
            remove_entry_document(entry, document.pk)
            messages.success(request, f"{document.original_name} was removed.")
            return redirect("entries:detail", pk=entry.pk)
    except EntryRefused:
        messages.error(request, "Documents can only be removed from a draft.")
        return redirect("entries:detail", pk=entry.pk)
    return render(
        request,
        "entries/confirm_change.html",
        {
            "entry": entry,
            "heading": f"Remove {document.original_name}",
            "explanation": [
                f"{document.original_name} will be deleted from your entry "
                "straight away. This cannot be undone: to keep it with the entry, "
                "you would have to upload it again.",
            ],
            "button": "Yes, remove this document",
            "cancel": "No, keep it",
        },
    )


@login_required
@require_GET
def entry_record(request, pk):
    """The PDF copy of record, to the entry's owner or to staff who may view entries.

    Only for an entry as submitted: a draft, or one reopened, has none.
    """
    entries = Entry.objects.select_related("category", "entry_form", "entrant")
    if not request.user.has_perm("entries.view_entry"):
        entries = entries.filter(entrant=request.user)
    entry = get_object_or_404(entries, pk=pk)
    if not has_record(entry):
        raise Http404("This entry has not been submitted.")
    response = HttpResponse(record_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{record_filename(entry)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def entrant_may_withdraw(entry: Entry, status) -> bool:
    """Whether to offer "Withdraw this entry": submitted, before its deadline."""
    return allows(entry, "withdraw_own") and status.is_open


@login_required
def entry_delete(request, pk):
    """Delete a draft, after a page that says what will go."""
    entry = owned_entry(request, pk)
    if not allows(entry, "delete"):
        messages.error(
            request, "Only a draft that has never been submitted can be deleted."
        )
        return redirect("entries:detail", pk=entry.pk)
    if request.method == "POST":
        try:
            delete_draft(entry, request.user)
        except EntryRefused as refused:
            messages.error(request, refused.message)
            return redirect("entries:detail", pk=entry.pk)
        messages.success(
            request, f"Your draft “{entry.title or 'Untitled entry'}” was deleted."
        )
        return redirect("entries:list")
    documents = entry.documents.count()
    return render(
        request,
        "entries/confirm_change.html",
        {
            "entry": entry,
            "heading": "Delete this draft",
            "explanation": [
                "Its answers"
                + (
                    f" and its {documents} document{'s' if documents != 1 else ''}"
                    if documents
                    else ""
                )
                + " will be deleted straight away. This cannot be undone.",
                "You can start a new entry for the category while it is open.",
            ],
            "button": "Yes, delete this draft",
        },
    )


@login_required
def entry_withdraw(request, pk):
    """Withdraw a submitted entry before its deadline, after a page that asks."""
    entry = owned_entry(request, pk)
    status = category_status(entry.category, entry=entry)
    if request.method == "POST":
        try:
            withdraw_own_entry(entry, request.user)
        except EntryRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                f"Your entry {entry.reference} has been withdrawn. It will not be "
                "judged; the awards team has been told.",
            )
        return redirect("entries:detail", pk=entry.pk)
    if not entrant_may_withdraw(entry, status):
        messages.error(
            request,
            "Only a submitted entry can be withdrawn, and only before its deadline.",
        )
        return redirect("entries:detail", pk=entry.pk)
    return render(
        request,
        "entries/confirm_change.html",
        {
            "entry": entry,
            "heading": "Withdraw this entry",
            "explanation": [
                "It will not be judged. You can still read it, and it keeps its "
                "reference; the awards team will be told.",
                "You cannot undo this yourself, and you cannot enter the same "
                "entry again: ask the awards team if you change your mind.",
            ],
            "button": "Yes, withdraw this entry",
        },
    )
