"""Judges' emails: told when work is assigned, reminded once before the close."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command

from judging.assignment import assign_round
from judging.models import ScoreSheet
from tests.factories import NOW
from tests.judging_helpers import (
    make_entries,
    make_judge,
    make_round,
    make_two_criteria_category,
)

pytestmark = pytest.mark.django_db


def remind(days=2) -> str:
    out = io.StringIO()
    call_command("send_judge_reminders", days=days, stdout=out)
    return out.getvalue()


def test_reminders_go_once_per_judge_and_reminder(programme, entry_form, mailoutbox):
    category = make_two_criteria_category(programme, entry_form)
    make_entries(category, 2)
    done, behind = make_judge("done"), make_judge("behind")
    judging_round = make_round(
        programme,
        [category],
        [done, behind],
        opens_at=NOW - timedelta(days=5),
        closes_at=NOW + timedelta(days=2),
    )
    assign_round(judging_round)
    ScoreSheet.objects.filter(assignment__judge=done).update(status="submitted")
    ScoreSheet.objects.filter(
        assignment__judge=behind, assignment__entry__reference="PA27-0001"
    ).update(status="submitted")
    with time_machine.travel(NOW - timedelta(seconds=1), tick=False):
        # Two days and a second before the close: not yet.
        assert remind() == "0 reminders sent.\n"
    with time_machine.travel(NOW, tick=False):
        assert remind() == "1 reminder sent.\n"
        assert remind() == "0 reminders sent.\n"
        [message] = mailoutbox
        assert message.to == [behind.email]
        assert message.subject == "Reminder: Shortlisting closes soon"
        assert message.body.startswith(
            "Shortlisting closes soon, and 1 of 2 of your score sheets are "
            "submitted.\n\nCloses: Wednesday 3 March 2027, 12pm (UK time, 2 days left)"
        )
        assert "PA27-" not in message.body and "Entrant Person" not in message.body
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        # A second reminder, a day before: its own once.
        assert remind(days=1) == "1 reminder sent.\n"
        assert remind(days=1) == "0 reminders sent.\n"
    with pytest.raises(CommandError, match="--days must be 1 or more."):
        remind(days=0)
