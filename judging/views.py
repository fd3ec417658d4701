"""The judging area (/judging/): a judge's assignments, score sheets, documents.

Least privilege: a judge sees only their own active assignments; any other
address answers 404, whether it exists or not. Blind by default: nothing here
names the entrant (name, email, phone, organisation) or shows a document's
original file name; documents are served as ``<reference>-document-<n>.<ext>``.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from base.ids import parse_id
from entries.questions import entry_questions, word_counts

from .assignment import AssignmentRefused, declare_conflict
from .criteria import round_criteria
from .models import Assignment, ScoreSheet
from .sheets import SheetRefused, StaleSheet, save_sheet, submit_sheet
from .state import round_status

JUDGES = "Judges"


def is_judge(user) -> bool:
    """True for a signed-in member of the Judges group."""
    return user.is_authenticated and user.groups.filter(name=JUDGES).exists()


def judge_required(view):
    """Signed out: to sign in. Signed in but not a judge: 404, as if nothing here."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_judge(request.user):
            raise Http404("Not a judge")
        return view(request, *args, **kwargs)

    return wrapped


def own_assignment(request, pk) -> Assignment:
    """The judge's own active assignment ``pk``, with what its sheet needs, or 404."""
    try:
        return Assignment.objects.select_related(
            "round", "entry__category", "entry__entry_form", "sheet"
        ).get(pk=pk, judge=request.user, active=True)
    except Assignment.DoesNotExist:
        raise Http404("No such assignment") from None


def neutral_name(entry, number: int, document) -> str:
    """A document's name for judges: "PA27-0012-document-1.pdf"."""
    extension = document.file.name.rsplit(".", 1)[-1].lower()
    return f"{entry.reference}-document-{number}.{extension}"


@judge_required
@require_GET
def assignment_list(request):
    """The judge's assignments, by round, with their progress ("12 of 20 scored")."""
    assignments = list(
        Assignment.objects.filter(judge=request.user, active=True)
        .select_related("round", "entry__category", "sheet")
        .order_by(
            "round__opens_at", "round_id", "entry__category__title", "entry__reference"
        )
    )
    rounds = {}
    now = timezone.now()
    for assignment in assignments:
        judging_round = assignment.round
        group = rounds.setdefault(
            judging_round.pk,
            {
                "round": judging_round,
                "status": round_status(judging_round, now),
                "assignments": [],
                "scored": 0,
            },
        )
        group["assignments"].append(assignment)
        if assignment.sheet.status == ScoreSheet.Status.SUBMITTED:
            group["scored"] += 1
    return render(
        request, "judging/assignment_list.html", {"rounds": list(rounds.values())}
    )


def sheet_context(request, assignment, sheet, *, refusal="", posted=None):
    """What the score sheet page shows: the entry in full, then the sheet."""
    entry = assignment.entry
    judging_round = assignment.round
    questions = entry_questions(entry.entry_form, entry.category)
    counts = word_counts(questions, entry.answers)
    criteria = round_criteria(judging_round, entry.category)
    scores = posted["scores"] if posted else sheet.scores
    comments = posted["comments"] if posted else sheet.comments
    documents = list(entry.documents.all())
    profile = None
    if not judging_round.blind:
        profile = getattr(entry.entrant, "entrant", None)
    status = round_status(judging_round)
    return {
        "assignment": assignment,
        "entry": entry,
        "round": judging_round,
        "sheet": sheet,
        "status": status,
        "editable": status.is_open and sheet.status == ScoreSheet.Status.DRAFT,
        "answers": [
            {
                "question": q,
                "text": str(entry.answers.get(q.key, "")).strip(),
                "words": counts[q.key],
            }
            for q in questions
        ],
        "criteria": [
            {
                "criterion": c,
                "score": scores.get(c.key, ""),
                "comment": comments.get(c.key, ""),
            }
            for c in criteria
        ],
        "scale": range(judging_round.scale_min, judging_round.scale_max + 1),
        "verdict": posted["verdict"] if posted else sheet.verdict,
        "feedback": posted["feedback"] if posted else sheet.feedback,
        "documents": [
            {"number": n, "name": neutral_name(entry, n, d), "size": d.size}
            for n, d in enumerate(documents, start=1)
        ],
        "profile": profile,
        "refusal": refusal,
    }


def posted_answers(request, criteria) -> dict:
    """The sheet's fields as posted: scores and comments by criterion key."""
    return {
        "scores": {c.key: request.POST.get(f"score-{c.key}", "") for c in criteria},
        "comments": {c.key: request.POST.get(f"comment-{c.key}", "") for c in criteria},
        "verdict": request.POST.get("verdict", ""),
        "feedback": request.POST.get("feedback", ""),
    }


def posted_version(request) -> int:
    """The version the judge's copy was loaded at (0 if missing or malformed)."""
    return parse_id(request.POST.get("version", "")) or 0


@judge_required
@require_http_methods(["GET", "POST"])
def score_sheet(request, pk):
    """One entry in full, and the judge's sheet: save a draft, or submit."""
    assignment = own_assignment(request, pk)
    sheet = assignment.sheet
    sheet.assignment = assignment
    if request.method == "GET":
        return render(
            request,
            "judging/score_sheet.html",
            sheet_context(request, assignment, sheet),
        )
    criteria = round_criteria(assignment.round, assignment.entry.category)
    answers = posted_answers(request, criteria)
    action = submit_sheet if request.POST.get("action") == "submit" else save_sheet
    try:
        action(sheet, request.user, version=posted_version(request), **answers)
    except SheetRefused as refused:
        context = sheet_context(
            request, assignment, sheet, refusal=refused.message, posted=answers
        )
        status = 409 if isinstance(refused, StaleSheet) else 400
        return render(request, "judging/score_sheet.html", context, status=status)
    if action is submit_sheet:
        messages.success(
            request, f"Your score sheet for {assignment.entry.reference} is submitted."
        )
        return redirect("judging:list")
    messages.success(request, "Your draft scores are saved.")
    return redirect("judging:sheet", assignment.pk)


@require_POST
def sheet_autosave(request, pk):
    """The browser's autosave: JSON in, JSON out, never a redirect to sign in."""
    if not is_judge(request.user):
        return JsonResponse(
            {
                "error": "signed_out",
                "message": "Not saved: you have been signed out. Sign in again.",
            },
            status=401,
        )
    assignment = own_assignment(request, pk)
    sheet = assignment.sheet
    sheet.assignment = assignment
    criteria = round_criteria(assignment.round, assignment.entry.category)
    try:
        save_sheet(
            sheet,
            request.user,
            version=posted_version(request),
            **posted_answers(request, criteria),
        )
    except SheetRefused as refused:
        status = 409 if isinstance(refused, StaleSheet) else 400
        return JsonResponse(
            {
                "error": "conflict" if status == 409 else "refused",
                "message": f"Not saved: {refused.message}",
            },
            status=status,
        )
    return JsonResponse(
        {
            "version": sheet.version,
            "saved_at": timezone.localtime(sheet.updated_at).strftime("%H:%M:%S"),
        }
    )


@judge_required
@require_http_methods(["GET", "POST"])
def conflict(request, pk):
    """Declare a conflict of interest on an assigned entry, with a reason."""
    assignment = own_assignment(request, pk)
    refusal = ""
    if request.method == "POST":
        try:
            declare_conflict(request.user, assignment.entry, request.POST.get("reason"))
        except AssignmentRefused as refused:
            refusal = refused.message
        else:
            messages.success(
                request,
                f"You declared a conflict of interest on {assignment.entry.reference}. "
                "It has left your list, and any score you gave it will not count.",
            )
            return redirect("judging:list")
    return render(
        request,
        "judging/conflict.html",
        {
            "assignment": assignment,
            "entry": assignment.entry,
            "refusal": refusal,
            "reason": request.POST.get("reason", ""),
        },
        status=400 if refusal else 200,
    )


@judge_required
@require_GET
def document(request, pk, number):
    """An entry's document ``number`` (from 1), under its neutral name."""
    assignment = own_assignment(request, pk)
    documents = list(assignment.entry.documents.all())
    if not 1 <= number <= len(documents):
        raise Http404("No such document")
    chosen = documents[number - 1]
    response = FileResponse(
        chosen.file.open("rb"),
        as_attachment=True,
        filename=neutral_name(assignment.entry, number, chosen),
        content_type=chosen.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
