"""Who judges what: the draw, the organisation rule, and conflicts of interest.

Two modes, set on the round: every panel member judges every entry of the
panel's category, or each entry gets ``judges_per_entry`` judges. In the second
the draw is greedy and balanced: each entry takes the eligible judges with the
fewest entries so far in its panel, ties broken in an order shuffled by the
round's seed. Without exclusions that keeps every judge's load within one of
every other's; the same seed always draws the same judges, and each
assignment records its seed and its place in the draw.

In both modes a judge is never given an entry from their own organisation:
the same email domain (unless it is one many organisations share, such as
nhs.net: ``JUDGING_SHARED_EMAIL_DOMAINS``) or the same organisation name.
A declared conflict takes the entry from the judge; in the N-judges mode
another judge of the panel replaces them.
"""

import random
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from entries.models import Entry

from .models import (
    Assignment,
    ConflictOfInterest,
    Decision,
    JudgingRound,
    Outcome,
    Panel,
    ScoreSheet,
)
from .notify import notify_assigned


class AssignmentRefused(Exception):
    """The change cannot be made; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def organisation_key(name: str) -> str:
    """An organisation's name as compared: case and spacing ignored."""
    return " ".join((name or "").casefold().split())


def email_domain(email: str) -> str:
    """The part of an address after the @, lower case ("" without one)."""
    local, at, domain = (email or "").rpartition("@")
    return domain.casefold() if at and local else ""


def same_organisation(
    judge_email: str, judge_organisation: str, entrant_email: str, entrant_org: str
) -> bool:
    """True if the judge and the entrant look to be from one organisation."""
    domain = email_domain(judge_email)
    shared = {d.casefold() for d in settings.JUDGING_SHARED_EMAIL_DOMAINS}
    if domain and domain not in shared and domain == email_domain(entrant_email):
        return True
    judge_org = organisation_key(judge_organisation)
    return bool(judge_org) and judge_org == organisation_key(entrant_org)


@dataclass
class Draw:
    """The result of a draw: new picks per entry, and entries left short."""

    picks: dict[int, list[int]] = field(default_factory=dict)
    short: dict[int, int] = field(default_factory=dict)


def tie_order(judges, seed: str) -> dict[int, int]:
    """Each judge's place in the seeded shuffle that breaks ties in load."""
    order = sorted(judges)
    random.Random(seed).shuffle(order)
    return {judge: place for place, judge in enumerate(order)}


def draw_judges(
    entries: list[int],
    judges: list[int],
    per_entry: int | None,
    seed: str,
    excluded: set[tuple[int, int]] = frozenset(),
    existing: dict[int, list[int]] | None = None,
) -> Draw:
    """Pick judges for each entry (ids in, ids out): pure, for the rules' tests.

    ``per_entry`` None means every eligible judge. ``excluded`` holds
    (entry, judge) pairs that must never meet (same organisation, conflicts,
    a judge who had the entry before); ``existing`` the judges each entry
    already has, who count towards its number and towards their loads.
    """
    existing = existing or {}
    loads = Counter(j for chosen in existing.values() for j in chosen)
    place = tie_order(judges, seed)
    draw = Draw()
    for entry in sorted(entries):
        have = existing.get(entry, [])
        eligible = [
            j for j in judges if (entry, j) not in excluded and j not in set(have)
        ]
        wanted = len(eligible) if per_entry is None else per_entry - len(have)
        if wanted <= 0:
            continue
        eligible.sort(key=lambda j: (loads[j], place[j]))
        chosen = eligible[:wanted]
        if per_entry is not None and len(chosen) < wanted:
            draw.short[entry] = wanted - len(chosen)
        for judge in chosen:
            loads[judge] += 1
        if chosen:
            draw.picks[entry] = chosen
    return draw


def round_entries(judging_round: JudgingRound, category) -> list[Entry]:
    """The entries a round judges in ``category``: submitted ones, and after a
    previous round only those it shortlisted (or made winner or commended)."""
    entries = Entry.objects.filter(
        category=category, status=Entry.Status.SUBMITTED
    ).select_related("entrant__entrant")
    if judging_round.previous_round_id:
        entries = entries.filter(
            decisions__round_id=judging_round.previous_round_id,
            decisions__outcome__in=[o.value for o in Outcome],
        )
    return list(entries.order_by("pk"))


def excluded_pairs(entries, judges) -> set[tuple[int, int]]:
    """(entry, judge) pairs that may never meet: same organisation, or a conflict."""
    pairs = set(
        ConflictOfInterest.objects.filter(
            entry__in=entries, judge__in=judges
        ).values_list("entry_id", "judge_id")
    )
    for entry in entries:
        profile = getattr(entry.entrant, "entrant", None)
        organisation = profile.organisation if profile else ""
        for judge in judges:
            judge_profile = getattr(judge, "judge", None)
            if same_organisation(
                judge.email,
                judge_profile.organisation if judge_profile else "",
                entry.entrant.email,
                organisation,
            ):
                pairs.add((entry.pk, judge.pk))
    return pairs


@dataclass
class AssignmentReport:
    """What a run of the assignment did, for the staff's message."""

    created: list[Assignment] = field(default_factory=list)
    short: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def assign_round(judging_round: JudgingRound, by_user=None) -> AssignmentReport:
    """Give the round's entries their judges, panel by panel, and record it.

    Safe to run again (after more entries are submitted, or a judge joins a
    panel): existing assignments stay and count; only what is missing is drawn.
    Newly assigned judges are emailed once the transaction commits.
    """
    report = AssignmentReport()
    seed = judging_round.seed or str(judging_round.pk)
    position = judging_round.assignments.count()
    for panel in judging_round.panels.select_related("category").order_by("pk"):
        judges = list(panel.judges.select_related("judge").order_by("pk"))
        entries = round_entries(judging_round, panel.category)
        if not judges or not entries:
            continue
        excluded = excluded_pairs(entries, judges)
        existing: dict[int, list[int]] = {}
        for entry_id, judge_id, active in Assignment.objects.filter(
            round=judging_round, entry__in=entries
        ).values_list("entry_id", "judge_id", "active"):
            if active:
                existing.setdefault(entry_id, []).append(judge_id)
            else:
                excluded.add((entry_id, judge_id))
        draw = draw_judges(
            [e.pk for e in entries],
            [j.pk for j in judges],
            judging_round.judges_per_entry,
            f"{seed}:{panel.category_id}",
            excluded,
            existing,
        )
        references = {e.pk: e.reference for e in entries}
        for entry_id, chosen in draw.picks.items():
            for judge_id in chosen:
                position += 1
                report.created.append(
                    Assignment(
                        round=judging_round,
                        entry_id=entry_id,
                        judge_id=judge_id,
                        seed=seed if judging_round.judges_per_entry else "",
                        draw_position=position,
                    )
                )
        report.short.update({references[e]: n for e, n in draw.short.items()})
    created = Assignment.objects.bulk_create(report.created)
    ScoreSheet.objects.bulk_create(ScoreSheet(assignment=a) for a in created)
    log(
        instance=judging_round,
        action="judging.assign",
        user=by_user,
        data={
            "seed": seed,
            "judges_per_entry": judging_round.judges_per_entry,
            "created": len(created),
            "short": report.short,
        },
    )
    judge_ids = sorted({a.judge_id for a in created})
    if judge_ids:
        transaction.on_commit(lambda: notify_assigned(judging_round.pk, judge_ids))
    return report


def replacement_for(assignment: Assignment) -> Assignment | None:
    """A new assignment standing in for ``assignment``, or None if the round
    gives every member every entry, or no panel member is left to take it."""
    judging_round = assignment.round
    if judging_round.judges_per_entry is None:
        return None
    category_id = assignment.entry.category_id
    panel = judging_round.panels.filter(category_id=category_id).first()
    if panel is None:
        return None
    entry = assignment.entry
    judges = list(panel.judges.select_related("judge").order_by("pk"))
    excluded = excluded_pairs([entry], judges)
    had = set(
        Assignment.objects.filter(round=judging_round, entry=entry).values_list(
            "judge_id", flat=True
        )
    )
    excluded |= {(entry.pk, j) for j in had}
    category_entries = Entry.objects.filter(category_id=entry.category_id)
    loads = Counter(
        Assignment.objects.filter(
            round=judging_round, active=True, entry__in=category_entries
        ).values_list("judge_id", flat=True)
    )
    seed = f"{judging_round.seed or judging_round.pk}:{entry.pk}:replace"
    place = tie_order([j.pk for j in judges], seed)
    eligible = [j.pk for j in judges if (entry.pk, j.pk) not in excluded]
    if not eligible:
        return None
    eligible.sort(key=lambda j: (loads[j], place[j]))
    replacement = Assignment.objects.create(
        round=judging_round,
        entry=entry,
        judge_id=eligible[0],
        seed=seed,
        draw_position=judging_round.assignments.count() + 1,
        replaces=assignment,
    )
    ScoreSheet.objects.create(assignment=replacement)
    return replacement


@transaction.atomic
def declare_conflict(judge, entry: Entry, reason: str) -> ConflictOfInterest:
    """Record a judge's conflict with an entry, take it from them, replace them.

    Every assignment of that judge to that entry (in any round) becomes
    inactive, so any score they gave is excluded from the results; in a round
    that gives each entry N judges, another panel member takes their place.
    """
    reason = (reason or "").strip()
    if not reason:
        raise AssignmentRefused("Say why you have a conflict of interest.")
    conflict, created = ConflictOfInterest.objects.get_or_create(
        judge=judge, entry=entry, defaults={"reason": reason}
    )
    if not created:
        raise AssignmentRefused("You have already declared a conflict on this entry.")
    taken = list(
        Assignment.objects.select_for_update()
        .select_related("round", "entry")
        .filter(judge=judge, entry=entry, active=True)
    )
    Assignment.objects.filter(pk__in=[a.pk for a in taken]).update(active=False)
    replacements = []
    for assignment in taken:
        assignment.active = False
        replacement = replacement_for(assignment)
        if replacement is not None:
            replacements.append(replacement)
    log(
        instance=entry,
        action="judging.conflict",
        user=judge,
        data={
            "judge": judge.get_username(),
            "reason": reason,
            "rounds": [a.round_id for a in taken],
            "replaced_by": [r.judge.get_username() for r in replacements],
        },
    )
    if replacements:
        for r in replacements:
            transaction.on_commit(lambda r=r: notify_assigned(r.round_id, [r.judge_id]))
    conflict.replacements = replacements
    return conflict


@transaction.atomic
def decide(judging_round: JudgingRound, entry: Entry, outcome: str, by_user):
    """Mark an entry shortlisted, winner or highly commended (``""`` clears it)."""
    previous = Decision.objects.filter(round=judging_round, entry=entry).first()
    if outcome and outcome not in Outcome.values:
        raise AssignmentRefused(f"“{outcome}” is not a decision staff can make.")
    if not outcome:
        Decision.objects.filter(round=judging_round, entry=entry).delete()
    else:
        Decision.objects.update_or_create(
            round=judging_round,
            entry=entry,
            defaults={
                "outcome": outcome,
                "decided_by": by_user,
                "decided_at": timezone.now(),
            },
        )
    log(
        instance=entry,
        action="judging.decide",
        user=by_user,
        data={
            "round": judging_round.name,
            "outcome": outcome,
            "previous": previous.outcome if previous else "",
        },
    )


@transaction.atomic
def move_shortlist(
    from_round: JudgingRound, to_round: JudgingRound, by_user
) -> list[Entry]:
    """Make ``to_round`` judge the entries ``from_round`` shortlisted.

    The next round then draws only those entries (``round_entries``); its
    categories gain any of the shortlisted entries' categories it lacked, each
    with a copy of this round's panel unless it has a panel of its own.
    Returns the entries moved.
    """
    if to_round.pk == from_round.pk:
        raise AssignmentRefused("A round cannot take its own shortlist.")
    if to_round.programme_id != from_round.programme_id:
        raise AssignmentRefused("The next round must be in the same programme.")
    entries = list(
        Entry.objects.filter(
            decisions__round=from_round,
            decisions__outcome__in=[o.value for o in Outcome],
        )
        .select_related("category")
        .order_by("reference")
    )
    if not entries:
        raise AssignmentRefused(f"{from_round.name} has no shortlist yet.")
    to_round.previous_round = from_round
    categories = {e.category for e in entries}
    # A parental many-to-many: the added categories are written by save().
    to_round.categories.add(*categories)
    to_round.save()
    # A category without a panel in the next round keeps the panel it had.
    has_panel = set(to_round.panels.values_list("category_id", flat=True))
    for panel in from_round.panels.filter(category__in=categories).order_by("pk"):
        if panel.category_id not in has_panel:
            copy = Panel(round=to_round, category_id=panel.category_id)
            copy.judges.set(panel.judges.all())
            copy.save()
    log(
        instance=to_round,
        action="judging.move_shortlist",
        user=by_user,
        data={
            "from_round": from_round.name,
            "references": [e.reference for e in entries],
        },
    )
    return entries
