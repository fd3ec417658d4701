"""Results: weighted totals, mean, median, spread and per-judge z-scores.

A sheet's total is the sum of each criterion's score times its weight; in a
pass/fail round a pass counts 1 and a fail 0, so the mean is the share of
passes. Only submitted sheets of active assignments count: a conflict
excludes the judge's score.

Normalisation turns each judge's totals into z-scores over the entries they
judged in the category, z = (total - the judge's mean) / the judge's
standard deviation (population), then averages an entry's z-scores. A harsh
judge and a lenient one who rank the same entries alike then count the same.
A judge with one sheet, or who gave every entry the same total, says nothing
about order: their z-scores are 0.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from .assignment import round_entries
from .criteria import round_criteria
from .models import Assignment, ConflictOfInterest, Decision, RoundMode, ScoreSheet


def weighted_total(scores: dict, criteria) -> float:
    """Sum of score x weight over ``criteria`` (a missing score counts 0)."""
    return sum(float(scores.get(c.key) or 0) * c.weight for c in criteria)


def sheet_total(sheet, criteria, mode: str) -> float:
    """A submitted sheet's total: weighted, or 1 for a pass and 0 for a fail."""
    if mode == RoundMode.PASS_FAIL:
        return 1.0 if sheet.verdict == ScoreSheet.Verdict.PASS else 0.0
    return weighted_total(sheet.scores, criteria)


def z_scores(totals: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """Each (judge, entry) total as the judge's z-score (see the module's doc)."""
    by_judge = defaultdict(list)
    for (judge, _entry), total in totals.items():
        by_judge[judge].append(total)
    result = {}
    for (judge, entry), total in totals.items():
        values = by_judge[judge]
        spread = statistics.pstdev(values) if len(values) > 1 else 0.0
        mean = statistics.fmean(values)
        result[(judge, entry)] = (total - mean) / spread if spread else 0.0
    return result


@dataclass
class Row:
    """One entry on a category's leaderboard."""

    entry: object
    totals: list[float] = field(default_factory=list)
    z: list[float] = field(default_factory=list)
    expected: int = 0
    conflicts: int = 0
    outcome: str = ""

    @property
    def sheets_in(self) -> int:
        return len(self.totals)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.totals) if self.totals else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.totals) if self.totals else None

    @property
    def spread(self) -> float | None:
        """Highest total minus lowest."""
        return max(self.totals) - min(self.totals) if self.totals else None

    @property
    def normalised(self) -> float | None:
        return statistics.fmean(self.z) if self.z else None


def rank(rows: list[Row]) -> list[Row]:
    """Best first: normalised score, then mean, then reference; unjudged last."""

    def key(row):
        unjudged = row.normalised is None
        return (
            unjudged,
            -(row.normalised or 0.0),
            -(row.mean or 0.0),
            row.entry.reference or "",
        )

    return sorted(rows, key=key)


def leaderboard(judging_round, category) -> list[Row]:
    """Every entry the round judges in ``category``, ranked (four queries)."""
    entries = round_entries(judging_round, category)
    criteria = round_criteria(judging_round, category)
    rows = {e.pk: Row(entry=e) for e in entries}
    assignments = Assignment.objects.filter(
        round=judging_round, entry__in=entries
    ).select_related("sheet")
    totals = {}
    for assignment in assignments:
        row = rows[assignment.entry_id]
        if not assignment.active:
            continue
        row.expected += 1
        sheet = getattr(assignment, "sheet", None)
        if sheet is not None and sheet.status == ScoreSheet.Status.SUBMITTED:
            totals[(assignment.judge_id, assignment.entry_id)] = sheet_total(
                sheet, criteria, judging_round.mode
            )
    z = z_scores(totals)
    for (judge, entry), total in sorted(totals.items()):
        rows[entry].totals.append(total)
        rows[entry].z.append(z[(judge, entry)])
    for entry_id in ConflictOfInterest.objects.filter(entry__in=entries).values_list(
        "entry_id", flat=True
    ):
        rows[entry_id].conflicts += 1
    for entry_id, outcome in Decision.objects.filter(
        round=judging_round, entry__in=entries
    ).values_list("entry_id", "outcome"):
        rows[entry_id].outcome = outcome
    return rank(list(rows.values()))
