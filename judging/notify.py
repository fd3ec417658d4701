"""Judges' emails: work assigned, and reminders before a round closes.

Sent through the site's one helper (``base.email.send_templated``). Blind:
an email names the round, the deadline and how many entries wait, never an
entry's reference, title or entrant.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from base.email import send_templated, site_context

from .models import Assignment, JudgeReminder, JudgingRound, ScoreSheet
from .state import round_status


def judging_url() -> str:
    """The judging area as a full address, on the default site."""
    return site_context()["site_url"] + reverse("judging:list")


def judge_counts(judging_round, judge_ids=None):
    """Judges with their assigned and submitted counts in the round."""
    judges = get_user_model().objects.filter(
        assignments__round=judging_round, assignments__active=True, is_active=True
    )
    if judge_ids is not None:
        judges = judges.filter(pk__in=judge_ids)
    return judges.annotate(
        assigned=Count("assignments", filter=Q(assignments__round=judging_round)),
        scored=Count(
            "assignments",
            filter=Q(
                assignments__round=judging_round,
                assignments__sheet__status=ScoreSheet.Status.SUBMITTED,
            ),
        ),
    ).order_by("pk")


def send_judge_email(judge, judging_round, template: str, subject: str, **extra):
    """Email one judge ``judging/email/<template>``; say whether it went."""
    context = {
        "judge": judge,
        "round": judging_round,
        "status": round_status(judging_round),
        "judging_url": judging_url(),
        **extra,
    }
    return send_templated(f"judging/email/{template}", context, subject, [judge.email])


def notify_assigned(round_pk: int, judge_ids: list[int]) -> int:
    """Tell each judge in ``judge_ids`` that entries await them; how many went."""
    judging_round = JudgingRound.objects.get(pk=round_pk)
    sent = 0
    for judge in judge_counts(judging_round, judge_ids).exclude(email=""):
        if send_judge_email(
            judge,
            judging_round,
            "assigned",
            f"Entries to judge: {judging_round.name}",
            assigned=judge.assigned,
        ):
            sent += 1
            Assignment.objects.filter(
                round=judging_round, judge=judge, notified_at=None
            ).update(notified_at=timezone.now())
    return sent


def send_reminders(days: int, now: datetime | None = None) -> int:
    """Remind judges with unsubmitted sheets in rounds closing within ``days``.

    Once per judge, round, deadline and ``days``: the reminder is claimed (a
    unique row) before the email goes and given back if it fails, as the
    entrants' deadline reminders are.
    """
    now = now or timezone.now()
    sent = 0
    for judging_round in JudgingRound.objects.filter(
        opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + timedelta(days=days)
    ).order_by("pk"):
        for judge in judge_counts(judging_round).exclude(email=""):
            if judge.scored >= judge.assigned:
                continue
            try:
                with transaction.atomic():
                    reminder = JudgeReminder.objects.create(
                        round=judging_round,
                        judge=judge,
                        deadline=judging_round.closes_at,
                        days_before=days,
                    )
            except IntegrityError:
                continue
            if send_judge_email(
                judge,
                judging_round,
                "reminder",
                f"Reminder: {judging_round.name} closes soon",
                assigned=judge.assigned,
                scored=judge.scored,
            ):
                sent += 1
            else:
                reminder.delete()
    return sent
