"""Every change of a score sheet, each one function; views call these.

Each refusal says why, and writes nothing: a score outside the round's scale,
a sheet that is not the judge's own, an entry they declared a conflict on, a
round that is not open, a sheet already submitted, and a save from an older
copy (another tab), which is refused as an entry's is, by its version.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from base.times import format_moment

from .criteria import round_criteria
from .models import ConflictOfInterest, RoundMode, ScoreSheet
from .state import round_status

# Longest comment a judge may write on one criterion, and overall feedback.
COMMENT_LIMIT = 5000


class SheetRefused(Exception):
    """The change cannot be made; ``message`` says why, for the judge."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleSheet(SheetRefused):
    """The sheet was saved elsewhere (another tab) since this copy was loaded."""

    def __init__(self, current: ScoreSheet):
        saved = timezone.localtime(current.updated_at).strftime("%H:%M:%S")
        super().__init__(
            f"This score sheet was changed in another tab or window at {saved}, "
            "so your changes here have not been saved. Reload the page to see "
            "the saved scores."
        )
        self.current = current


def ensure_judge_may_change(sheet: ScoreSheet, judge, now=None) -> None:
    """Refuse unless ``judge`` may change ``sheet`` at ``now``."""
    assignment = sheet.assignment
    if assignment.judge_id != judge.pk:
        raise SheetRefused(
            "This score sheet belongs to another judge: you can only score the "
            "entries assigned to you."
        )
    if (
        not assignment.active
        or ConflictOfInterest.objects.filter(
            judge=judge, entry_id=assignment.entry_id
        ).exists()
    ):
        raise SheetRefused(
            "You declared a conflict of interest on this entry, so you cannot score it."
        )
    status = round_status(assignment.round, now)
    if not status.is_open:
        raise SheetRefused(
            f"{assignment.round.name} is not open for judging "
            f"({status.message[0].lower()}{status.message[1:]}), so this score "
            "sheet can no longer be changed."
        )
    if sheet.status == ScoreSheet.Status.SUBMITTED:
        raise SheetRefused(
            "This score sheet has been submitted. Ask the awards team to reopen "
            "it if you need to change it."
        )


def clean_scores(raw: dict, criteria, judging_round) -> dict:
    """The scores as whole numbers on the round's scale; "" or absent is unscored.

    Refuses the first score that is not a whole number within the scale.
    """
    low, high = judging_round.scale_min, judging_round.scale_max
    scores = {}
    for criterion in criteria:
        value = raw.get(criterion.key, "")
        if value is None or str(value).strip() == "":
            continue
        text = str(value).strip()
        if not (text.isascii() and text.lstrip("-").isdigit()) or not (
            low <= int(text) <= high
        ):
            raise SheetRefused(
                f"The score for {criterion.title} must be a whole number from "
                f"{low} to {high}."
            )
        scores[criterion.key] = int(text)
    return scores


def clean_comments(raw: dict, criteria) -> dict:
    """Each criterion's comment as text, refused past ``COMMENT_LIMIT``."""
    comments = {}
    for criterion in criteria:
        text = str(raw.get(criterion.key) or "").strip()
        if len(text) > COMMENT_LIMIT:
            raise SheetRefused(
                f"The comment on {criterion.title} is too long: at most "
                f"{COMMENT_LIMIT} characters."
            )
        if text:
            comments[criterion.key] = text
    return comments


def clean_verdict(verdict: str) -> str:
    """A pass/fail verdict, "" for none yet."""
    verdict = (verdict or "").strip()
    if verdict not in ScoreSheet.Verdict.values:
        raise SheetRefused("Choose pass or fail.")
    return verdict


def sheet_criteria(sheet: ScoreSheet):
    """The criteria this sheet is scored against."""
    return round_criteria(sheet.assignment.round, sheet.assignment.entry.category)


def save_sheet(
    sheet: ScoreSheet,
    judge,
    *,
    scores: dict,
    comments: dict,
    verdict: str = "",
    feedback: str = "",
    version: int,
    now=None,
) -> ScoreSheet:
    """Save a draft as it is (unscored criteria allowed) at ``version``.

    One conditional UPDATE writes only if the sheet is still a draft at
    ``version``, so two tabs can never both win.
    """
    ensure_judge_may_change(sheet, judge, now)
    criteria = sheet_criteria(sheet)
    judging_round = sheet.assignment.round
    cleaned = clean_scores(scores, criteria, judging_round)
    notes = clean_comments(comments, criteria)
    verdict = clean_verdict(verdict)
    feedback = (feedback or "").strip()
    if len(feedback) > COMMENT_LIMIT:
        raise SheetRefused(
            f"The feedback is too long: at most {COMMENT_LIMIT} characters."
        )
    saved_at = timezone.now()
    with transaction.atomic():
        changed = ScoreSheet.objects.filter(
            pk=sheet.pk, status=ScoreSheet.Status.DRAFT, version=version
        ).update(
            scores=cleaned,
            comments=notes,
            verdict=verdict,
            feedback=feedback,
            version=F("version") + 1,
            updated_at=saved_at,
        )
    if not changed:
        sheet.refresh_from_db()
        raise StaleSheet(sheet)
    sheet.scores, sheet.comments, sheet.verdict = cleaned, notes, verdict
    sheet.feedback, sheet.updated_at, sheet.version = feedback, saved_at, version + 1
    return sheet


def missing(sheet: ScoreSheet, criteria) -> list[str]:
    """What a sheet still needs before it can be submitted."""
    if sheet.assignment.round.mode == RoundMode.PASS_FAIL:
        return [] if sheet.verdict else ["a pass or fail"]
    return [c.title for c in criteria if c.key not in sheet.scores]


@transaction.atomic
def submit_sheet(sheet: ScoreSheet, judge, *, version: int, now=None, **answers):
    """Save the sheet's last changes and submit it; refused until complete.

    ``answers`` are ``save_sheet``'s (scores, comments, verdict, feedback).
    """
    sheet = save_sheet(sheet, judge, version=version, now=now, **answers)
    needed = missing(sheet, sheet_criteria(sheet))
    if needed:
        transaction.set_rollback(True)
        raise SheetRefused(
            "Score every criterion before you submit: "
            f"{', '.join(needed)} {'is' if len(needed) == 1 else 'are'} missing."
        )
    submitted_at = now or timezone.now()
    ScoreSheet.objects.filter(pk=sheet.pk).update(
        status=ScoreSheet.Status.SUBMITTED, submitted_at=submitted_at
    )
    sheet.status, sheet.submitted_at = ScoreSheet.Status.SUBMITTED, submitted_at
    log(
        instance=sheet,
        action="judging.submit",
        user=judge,
        data={
            "entry": sheet.assignment.entry.reference,
            "round": sheet.assignment.round.name,
            "scores": sheet.scores,
            "verdict": sheet.verdict,
            "submitted_at": format_moment(submitted_at),
        },
    )
    return sheet


@transaction.atomic
def reopen_sheet(sheet: ScoreSheet, by_user) -> ScoreSheet:
    """Make a submitted sheet a draft again, for its judge to change (staff)."""
    changed = ScoreSheet.objects.filter(
        pk=sheet.pk, status=ScoreSheet.Status.SUBMITTED
    ).update(status=ScoreSheet.Status.DRAFT, submitted_at=None)
    sheet.refresh_from_db()
    if not changed:
        raise SheetRefused("Only a submitted score sheet can be reopened.")
    log(
        instance=sheet,
        action="judging.reopen",
        user=by_user,
        data={
            "entry": sheet.assignment.entry.reference,
            "judge": sheet.assignment.judge.get_username(),
        },
    )
    return sheet
