"""The staff's side of judging in the Wagtail admin: rounds, results, actions.

Rounds and their panels are edited as snippets (``wagtail_hooks.py``). These
views need ``judging.run_judging`` (the Entries team has it): a round's
leaderboard per category, running the assignment, decisions, moving the
shortlist to the next round, reopening a sheet, and the scores export. Each
change is a POST (CSRF-checked) through ``judging.assignment`` or
``judging.sheets``, which write the audit log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from base.ids import parse_id
from entries.models import Entry

from .assignment import AssignmentRefused, assign_round, decide, move_shortlist
from .export import ScoresExport
from .models import JudgingRound, Outcome, ScoreSheet
from .scoring import leaderboard
from .sheets import SheetRefused, reopen_sheet
from .state import round_status

PERMISSION = "judging.run_judging"


def staff_required(view):
    """Only staff who may run judging; others get 403."""

    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
@staff_required
def rounds_index(request):
    """Every round, with its state and links to its results."""
    rounds = JudgingRound.objects.select_related("programme").order_by(
        "-opens_at", "pk"
    )
    return TemplateResponse(
        request,
        "judging/admin/index.html",
        {"rounds": [(r, round_status(r)) for r in rounds]},
    )


@require_GET
@staff_required
def round_results(request, pk):
    """The round's leaderboard for each of its categories, and its sheets."""
    judging_round = get_object_or_404(
        JudgingRound.objects.select_related("programme"), pk=pk
    )
    categories = list(judging_round.categories.order_by("title"))
    boards = [
        {"category": category, "rows": leaderboard(judging_round, category)}
        for category in categories
    ]
    sheets = (
        ScoreSheet.objects.filter(
            assignment__round=judging_round, status=ScoreSheet.Status.SUBMITTED
        )
        .select_related("assignment__entry", "assignment__judge")
        .order_by("assignment__entry__reference", "assignment__judge__username")
    )
    return TemplateResponse(
        request,
        "judging/admin/results.html",
        {
            "round": judging_round,
            "status": round_status(judging_round),
            "boards": boards,
            "sheets": sheets,
            "outcomes": Outcome.choices,
            "next_rounds": JudgingRound.objects.filter(
                programme_id=judging_round.programme_id
            ).exclude(pk=judging_round.pk),
        },
    )


def back(judging_round):
    return redirect("judging_admin:results", judging_round.pk)


@require_POST
@staff_required
def run_assignment(request, pk):
    """Draw the round's judges (again: only what is missing is drawn)."""
    judging_round = get_object_or_404(JudgingRound, pk=pk)
    report = assign_round(judging_round, request.user)
    text = f"{len(report.created)} new assignments in {judging_round.name}."
    if report.short:
        short = ", ".join(f"{ref} ({n})" for ref, n in sorted(report.short.items()))
        messages.warning(request, f"{text} Not enough eligible judges for: {short}.")
    else:
        messages.success(request, text)
    return back(judging_round)


@require_POST
@staff_required
def decision(request, pk):
    """Mark an entry shortlisted, winner or highly commended (or clear it)."""
    judging_round = get_object_or_404(JudgingRound, pk=pk)
    entry_id = parse_id(request.POST.get("entry", ""))
    entry = get_object_or_404(Entry, pk=entry_id) if entry_id else None
    if entry is None:
        messages.error(request, "Choose an entry.")
        return back(judging_round)
    try:
        decide(judging_round, entry, request.POST.get("outcome", ""), request.user)
    except AssignmentRefused as refused:
        messages.error(request, refused.message)
    else:
        outcome = dict(Outcome.choices).get(request.POST.get("outcome"), "No decision")
        messages.success(request, f"{entry.reference}: {outcome}.")
    return back(judging_round)


@require_POST
@staff_required
def move(request, pk):
    """Send the round's shortlist to the next round."""
    judging_round = get_object_or_404(JudgingRound, pk=pk)
    to_id = parse_id(request.POST.get("to_round", ""))
    to_round = JudgingRound.objects.filter(pk=to_id).first() if to_id else None
    if to_round is None:
        messages.error(request, "Choose the round to move the shortlist to.")
        return back(judging_round)
    try:
        moved = move_shortlist(judging_round, to_round, request.user)
    except AssignmentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            f"{len(moved)} shortlisted entries moved to {to_round.name}: "
            f"{', '.join(e.reference for e in moved)}.",
        )
    return back(judging_round)


@require_POST
@staff_required
def reopen(request, pk, sheet_pk):
    """Reopen a submitted sheet so that its judge can change it."""
    judging_round = get_object_or_404(JudgingRound, pk=pk)
    sheet = get_object_or_404(
        ScoreSheet.objects.select_related("assignment__entry", "assignment__judge"),
        pk=sheet_pk,
        assignment__round=judging_round,
    )
    try:
        reopen_sheet(sheet, request.user)
    except SheetRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            f"Reopened {sheet.assignment.judge.get_username()}'s sheet for "
            f"{sheet.assignment.entry.reference}.",
        )
    return back(judging_round)


@require_GET
@staff_required
def export(request, pk, spreadsheet_format):
    """Every submitted sheet of the round, with the answers, as CSV or XLSX."""
    judging_round = get_object_or_404(JudgingRound, pk=pk)
    if spreadsheet_format not in ScoresExport.FORMATS:
        raise Http404("No such format")
    return ScoresExport(judging_round).response(spreadsheet_format)
