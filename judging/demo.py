"""Demo judging for ``load_demo``: entries, a round, a panel, scored sheets.

Idempotent, like the rest of the demo: entrants, entries and the round are
found by their names and made only once. Four submitted entries in one
category; a "Shortlisting" round open for two weeks with a panel of the demo
judge and two others; the two others have scored every entry, the demo judge
has three left to score.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone

from entries.lifecycle import next_reference
from entries.models import EntrantProfile, Entry
from entries.questions import entry_questions

from .assignment import assign_round
from .criteria import round_criteria
from .models import JudgeProfile, JudgingRound, Panel, ScoreSheet
from .sheets import submit_sheet

DEMO_ENTRIES = [
    ("Pharmacy-led asthma reviews", "Northfield Community Pharmacy"),
    ("Home delivery of cancer medicines", "Riverside Hospitals NHS Trust"),
    ("Safer opioid prescribing", "Eastgate Primary Care Network"),
    ("Inhaler recycling across a county", "Greenway Health Partnership"),
]


def demo_entries(category) -> list[Entry]:
    """Four submitted demo entries in ``category``, each by its own entrant."""
    User = get_user_model()
    entries = []
    questions = entry_questions(category.entry_form, category)
    for n, (title, organisation) in enumerate(DEMO_ENTRIES, start=1):
        email = f"demo-entrant-{n}@example.org"
        user, created = User.objects.get_or_create(
            username=f"demo-entrant-{n}", defaults={"email": email}
        )
        if created:
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
            EntrantProfile.objects.create(
                user=user,
                full_name=f"Demo Entrant {n}",
                organisation=organisation,
                privacy_consented_at=timezone.now(),
                privacy_notice_version="demo",
            )
        entry = Entry.objects.filter(entrant=user, category=category).first()
        if entry is None:
            answers = {
                q.key: f"{q.label}: what {title.lower()} did, and how."
                for q in questions
            }
            answers["title"] = title
            entry = Entry.objects.create(
                entrant=user,
                category=category,
                entry_form=category.entry_form,
                answers=answers,
                title=title,
            )
            Entry.objects.filter(pk=entry.pk).update(
                status=Entry.Status.SUBMITTED,
                reference=next_reference(entry),
                submitted_at=timezone.now(),
                version=F("version") + 1,
            )
            entry.refresh_from_db()
        entries.append(entry)
    return entries


def demo_judge(username: str, organisation: str):
    """A judge with no password (the demo's other panel members)."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.com"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name="Judges"))
    JudgeProfile.objects.get_or_create(
        user=user, defaults={"organisation": organisation}
    )
    return user


def load_demo_judging(programme, category, judge) -> JudgingRound:
    """The demo round of ``programme`` on ``category``, with ``judge`` on its panel."""
    JudgeProfile.objects.get_or_create(
        user=judge, defaults={"organisation": "Demo Judging Panel"}
    )
    entries = demo_entries(category)
    others = [
        demo_judge("demo-judge-b", "Westshire University"),
        demo_judge("demo-judge-c", "Patients Association of Westshire"),
    ]
    now = timezone.now()
    judging_round = JudgingRound.objects.filter(
        programme=programme, name="Shortlisting"
    ).first()
    if judging_round is None:
        judging_round = JudgingRound(
            programme=programme,
            name="Shortlisting",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=14),
            weights={"Impact": 2},
            seed="demo",
        )
        judging_round.categories.set([category])
        judging_round.save()
        panel = Panel(round=judging_round, category=category)
        panel.judges.set([judge, *others])
        panel.save()
    assign_round(judging_round)
    criteria = round_criteria(judging_round, category)
    for n, other in enumerate(others):
        for m, entry in enumerate(entries):
            sheet = ScoreSheet.objects.select_related(
                "assignment__round", "assignment__entry__category"
            ).get(assignment__entry=entry, assignment__judge=other)
            if sheet.status == ScoreSheet.Status.DRAFT:
                submit_sheet(
                    sheet,
                    other,
                    scores={
                        c.key: min(10, 4 + m + n + i) for i, c in enumerate(criteria)
                    },
                    comments={
                        criteria[0].key: "Clear figures; say more on who benefits."
                    },
                    version=sheet.version,
                )
    # The demo judge has one sheet done and the rest to do.
    sheet = ScoreSheet.objects.select_related(
        "assignment__round", "assignment__entry__category"
    ).get(assignment__entry=entries[0], assignment__judge=judge)
    if sheet.status == ScoreSheet.Status.DRAFT:
        submit_sheet(
            sheet,
            judge,
            scores={c.key: 7 for c in criteria},
            comments={},
            version=sheet.version,
        )
    return judging_round
