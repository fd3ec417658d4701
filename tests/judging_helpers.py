"""Helpers for the judging tests: judges, rounds with panels, judged entries."""

import copy
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from judging.models import JudgeProfile, JudgingRound, Panel
from tests.entries_helpers import make_submitted
from tests.factories import EVERY_BLOCK, NOW, make_category, make_entrant
from tests.totp import enrol_totp

# A body with two criteria, Impact (350 words) and Ambition.
TWO_CRITERIA = copy.deepcopy(EVERY_BLOCK) + [
    {
        "type": "criterion",
        "value": {
            "title": "Ambition",
            "description": "<p>How far it reaches.</p>",
            "guidance": ["Say what is next."],
            "word_limit": 200,
        },
    }
]


def make_judge(username, email=None, organisation="", second_factor=True):
    """A judge: in the Judges group, a confirmed address, an authenticator app."""
    user = get_user_model().objects.create_user(
        username=username,
        email=email or f"{username}@judges.example.com",
        password="judge passphrase 42",
    )
    user.groups.add(Group.objects.get(name="Judges"))
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    JudgeProfile.objects.create(user=user, organisation=organisation)
    if second_factor:
        enrol_totp(user)
    return user


def make_round(programme, categories, judges=(), **fields) -> JudgingRound:
    """A round open from NOW - 1 day to NOW + 7 days, one panel per category."""
    fields.setdefault("name", "Shortlisting")
    fields.setdefault("opens_at", NOW - timedelta(days=1))
    fields.setdefault("closes_at", NOW + timedelta(days=7))
    judging_round = JudgingRound.objects.create(programme=programme, **fields)
    # Parental many-to-many fields are written by save(), as the admin does.
    judging_round.categories.set(categories)
    judging_round.save()
    for category in categories:
        panel = Panel(round=judging_round, category=category)
        panel.judges.set(judges)
        panel.save()
    return judging_round


def make_two_criteria_category(programme, entry_form, slug="two-criteria"):
    """An open category with the Impact and Ambition criteria."""
    return make_category(programme, slug, entry_form=entry_form, body=TWO_CRITERIA)


def make_entries(category, count, start=1, domain="trust{n}.example.org"):
    """``count`` submitted entries, each by its own entrant and organisation."""
    entries = []
    for n in range(start, start + count):
        entrant = make_entrant(
            email=f"entrant{n}@{domain.format(n=n)}",
            full_name=f"Entrant Person {n}",
            organisation=f"Organisation Number {n}",
        )
        entries.append(
            make_submitted(
                entrant,
                category,
                f"PA27-{n:04d}",
                NOW - timedelta(days=2),
                title=f"Entry title {n}",
            )
        )
    return entries
