"""Judging's rules: the round's window, the draw, conflicts, scores, results."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import TestCase
from wagtail.models import ModelLogEntry

from judging import assignment, scoring, sheets
from judging.assignment import (
    AssignmentRefused,
    assign_round,
    decide,
    declare_conflict,
    draw_judges,
    move_shortlist,
    same_organisation,
)
from judging.criteria import round_criteria
from judging.models import Assignment, RoundMode, ScoreSheet
from judging.state import RoundState, round_status
from tests.judging_helpers import (
    make_entries,
    make_judge,
    make_round,
    make_two_criteria_category,
)

pytestmark = pytest.mark.django_db


# The round's window, to the second -------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(seconds=-1), RoundState.UPCOMING),
        (timedelta(0), RoundState.OPEN),
    ],
)
def test_a_round_opens_to_the_second(programme, offset, expected):
    opens = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
    judging_round = make_round(
        programme, [], opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    assert round_status(judging_round, now=opens + offset).state == expected


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(seconds=-1), RoundState.OPEN),
        (timedelta(0), RoundState.CLOSED),
    ],
)
def test_a_round_closes_to_the_second(programme, offset, expected):
    closes = datetime(2027, 6, 8, 16, 0, tzinfo=UTC)
    judging_round = make_round(
        programme, [], opens_at=closes - timedelta(days=7), closes_at=closes
    )
    assert round_status(judging_round, now=closes + offset).state == expected


def test_round_messages_are_in_uk_time(programme):
    # 16:00 UTC in June is 5pm BST.
    closes = datetime(2027, 6, 8, 16, 0, tzinfo=UTC)
    opens = closes - timedelta(days=7)
    judging_round = make_round(programme, [], opens_at=opens, closes_at=closes)
    before = round_status(judging_round, now=opens - timedelta(hours=1))
    during = round_status(judging_round, now=closes - timedelta(days=3))
    after = round_status(judging_round, now=closes)
    assert before.message == "Judging opens on Tuesday 1 June 2027, 5pm"
    assert before.next_change_at == opens
    assert during.message == "Score sheets are due by Tuesday 8 June 2027, 5pm"
    assert during.time_left == "3 days left"
    assert during.next_change_at == closes
    assert after.message == "Judging closed on Tuesday 8 June 2027, 5pm"
    assert after.next_change_at is None


# The draw ---------------------------------------------------------------------


def test_n_judges_per_entry_keeps_loads_within_one():
    draw = draw_judges(list(range(1, 11)), [101, 102, 103, 104], 3, "seed")
    # 10 entries x 3 judges = 30 sheets over 4 judges: two take 8, two take 7.
    loads = Counter(j for chosen in draw.picks.values() for j in chosen)
    assert sorted(loads.values()) == [7, 7, 8, 8]
    assert all(len(set(chosen)) == 3 for chosen in draw.picks.values())
    assert draw.short == {}


def test_the_draw_is_the_same_for_the_same_seed():
    first = draw_judges(list(range(1, 8)), [1, 2, 3, 4, 5], 2, "2027")
    again = draw_judges(list(range(1, 8)), [1, 2, 3, 4, 5], 2, "2027")
    assert first.picks == again.picks
    # The seed orders ties: another seed shuffles the judges differently.
    assert assignment.tie_order([1, 2, 3, 4, 5], "2027") != assignment.tie_order(
        [1, 2, 3, 4, 5], "2028"
    )


def test_the_draw_never_pairs_excluded_judges_and_says_who_is_short():
    excluded = {(1, 101), (2, 101), (2, 102)}
    draw = draw_judges([1, 2], [101, 102, 103], 2, "s", excluded)
    assert 101 not in draw.picks[1]
    assert draw.picks[2] == [103]
    assert draw.short == {2: 1}


def test_every_member_mode_gives_every_eligible_judge():
    draw = draw_judges([1, 2], [101, 102, 103], None, "s", {(1, 102)})
    assert sorted(draw.picks[1]) == [101, 103]
    assert sorted(draw.picks[2]) == [101, 102, 103]


@pytest.mark.parametrize(
    ("judge", "entrant", "same"),
    [
        (("a@trust.nhs.uk", ""), ("b@trust.nhs.uk", "Other"), True),
        (("a@TRUST.nhs.uk", ""), ("b@trust.nhs.uk", "Other"), True),
        # nhs.net is shared by the whole NHS: the domain alone is not enough.
        (("a@nhs.net", ""), ("b@nhs.net", "Other"), False),
        (
            ("a@x.org", "Leeds  Teaching Hospitals"),
            ("b@y.org", "leeds teaching hospitals"),
            True,
        ),
        (("a@x.org", ""), ("b@y.org", ""), False),
        (("a@x.org", "Scan Co"), ("b@y.org", "Scan Company"), False),
    ],
)
def test_same_organisation(judge, entrant, same):
    assert same_organisation(*judge, *entrant) is same


# Assignment in the database ---------------------------------------------------


@pytest.fixture
def judged(programme, entry_form):
    """A category with 6 entries, 4 judges, one from entrant 1's organisation."""
    category = make_two_criteria_category(programme, entry_form)
    entries = make_entries(category, 6)
    judges = [
        make_judge("judge1", "judge1@trust1.example.org"),
        make_judge("judge2"),
        make_judge("judge3", organisation="organisation number 2"),
        make_judge("judge4"),
    ]
    return category, entries, judges


def test_assign_round_balances_records_and_emails(programme, judged, admin_user):
    category, entries, judges = judged
    judging_round = make_round(
        programme, [category], judges, judges_per_entry=2, seed="pa27"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = assign_round(judging_round, admin_user)
    assert len(report.created) == 12
    assert report.short == {}
    pairs = set(Assignment.objects.values_list("entry__reference", "judge__username"))
    assert ("PA27-0001", "judge1") not in pairs
    assert ("PA27-0002", "judge3") not in pairs
    loads = Counter(judge for _, judge in pairs)
    assert sorted(loads.values()) == [3, 3, 3, 3]
    assert set(Assignment.objects.values_list("seed", flat=True)) == {"pa27"}
    assert sorted(Assignment.objects.values_list("draw_position", flat=True)) == list(
        range(1, 13)
    )
    assert ScoreSheet.objects.count() == 12
    log = ModelLogEntry.objects.get(action="judging.assign")
    assert log.user == admin_user
    assert log.data["created"] == 12
    assert log.data["seed"] == "pa27"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(j.email for j in judges)
    body = mail.outbox[0].body
    assert "Round: Shortlisting\nEntries assigned to you: 3\n" in body
    assert "Entrant Person" not in body and "PA27-" not in body

    # Run again: nothing new, nobody emailed twice.
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert assign_round(judging_round, admin_user).created == []
    assert mail.outbox == []


def test_the_same_seed_draws_the_same_judges(programme, judged):
    category, entries, judges = judged

    def draw(seed):
        judging_round = make_round(
            programme, [category], judges, judges_per_entry=2, seed=seed
        )
        assign_round(judging_round)
        return sorted(judging_round.assignments.values_list("entry_id", "judge_id"))

    assert draw("one") == draw("one")


def test_every_member_mode_skips_the_same_organisation(programme, judged):
    category, entries, judges = judged
    judging_round = make_round(programme, [category], judges)
    assign_round(judging_round)
    assert judging_round.assignments.count() == 6 * 4 - 2
    assert set(judging_round.assignments.values_list("seed", flat=True)) == {""}


def test_a_conflict_removes_and_replaces(programme, judged):
    category, entries, judges = judged
    judging_round = make_round(
        programme, [category], judges[1:], judges_per_entry=2, seed="c"
    )
    assign_round(judging_round)
    entry = entries[0]
    first = judging_round.assignments.filter(entry=entry).order_by("pk")
    judge = first[0].judge
    others = {a.judge_id for a in first}
    with TestCase.captureOnCommitCallbacks(execute=True):
        conflict = declare_conflict(judge, entry, "I advised this team in 2026.")
    old = Assignment.objects.get(round=judging_round, entry=entry, judge=judge)
    assert old.active is False
    [replacement] = conflict.replacements
    assert replacement.replaces == old
    assert replacement.judge_id not in others
    active = judging_round.assignments.filter(entry=entry, active=True)
    assert active.count() == 2
    log = ModelLogEntry.objects.get(action="judging.conflict")
    assert log.data["reason"] == "I advised this team in 2026."
    assert log.data["replaced_by"] == [replacement.judge.get_username()]
    assert mail.outbox[-1].to == [replacement.judge.email]
    # Running the assignment again never gives the entry back to the judge.
    assign_round(judging_round)
    assert not judging_round.assignments.filter(
        entry=entry, judge=judge, active=True
    ).exists()


def test_a_conflict_needs_a_reason_and_is_declared_once(programme, judged):
    category, entries, judges = judged
    judging_round = make_round(programme, [category], judges)
    assign_round(judging_round)
    with pytest.raises(AssignmentRefused, match="Say why you have a conflict"):
        declare_conflict(judges[1], entries[0], "  ")
    assert judging_round.assignments.filter(active=False).count() == 0
    declare_conflict(judges[1], entries[0], "Former colleague.")
    with pytest.raises(AssignmentRefused, match="already declared a conflict"):
        declare_conflict(judges[1], entries[0], "Again.")
    # Every member judges: no replacement is drawn.
    assert judging_round.assignments.filter(entry=entries[0], active=True).count() == 2


# Totals and normalisation -----------------------------------------------------


def test_weighted_total_by_hand(programme, entry_form):
    category = make_two_criteria_category(programme, entry_form)
    judging_round = make_round(programme, [category], weights={"Impact": 2})
    criteria = round_criteria(judging_round, category)
    assert [(c.title, c.weight) for c in criteria] == [
        ("Impact", 2.0),
        ("Ambition", 1.0),
    ]
    impact, ambition = criteria
    # 2 x 8 + 1 x 6 = 22.
    assert scoring.weighted_total({impact.key: 8, ambition.key: 6}, criteria) == 22


def test_z_scores_by_hand():
    # Judge 1 is lenient (70, 80, 90), judge 2 harsh (10, 20, 30): same order.
    totals = {
        (1, 10): 70.0,
        (1, 11): 80.0,
        (1, 12): 90.0,
        (2, 10): 10.0,
        (2, 11): 20.0,
        (2, 12): 30.0,
        (3, 10): 50.0,  # one sheet: says nothing about order
    }
    z = scoring.z_scores(totals)
    # Population sd of (70, 80, 90) is sqrt(200 / 3) = 8.16497.
    assert z[(1, 10)] == pytest.approx(-1.224745, abs=1e-6)
    assert z[(1, 11)] == 0
    assert z[(1, 12)] == pytest.approx(1.224745, abs=1e-6)
    assert z[(2, 10)] == z[(1, 10)]
    assert z[(2, 12)] == z[(1, 12)]
    assert z[(3, 10)] == 0


# Sheets -------------------------------------------------------------------------


@pytest.fixture
def sheet_setup(programme, judged, frozen):
    category, entries, judges = judged
    # judge2 and judge4: no organisation shared with any entrant.
    judging_round = make_round(
        programme, [category], [judges[1], judges[3]], weights={"Impact": 2}
    )
    assign_round(judging_round)
    criteria = round_criteria(judging_round, category)
    return judging_round, entries, judges, criteria


def sheet_of(judging_round, entry, judge) -> ScoreSheet:
    return ScoreSheet.objects.select_related(
        "assignment__round", "assignment__entry__category"
    ).get(
        assignment__round=judging_round,
        assignment__entry=entry,
        assignment__judge=judge,
    )


def test_a_sheet_saves_as_a_draft_and_refuses_a_stale_copy(sheet_setup):
    judging_round, entries, judges, (impact, ambition) = sheet_setup
    sheet = sheet_of(judging_round, entries[0], judges[1])
    sheets.save_sheet(
        sheet, judges[1], scores={impact.key: "7"}, comments={}, version=1
    )
    sheet.refresh_from_db()
    assert (sheet.scores, sheet.version, sheet.status) == ({impact.key: 7}, 2, "draft")
    with pytest.raises(sheets.StaleSheet, match="changed in another tab"):
        sheets.save_sheet(
            sheet, judges[1], scores={impact.key: "9"}, comments={}, version=1
        )
    sheet.refresh_from_db()
    assert (sheet.scores, sheet.version) == ({impact.key: 7}, 2)


@pytest.mark.parametrize("score", ["11", "-1", "7.5", "²", "ten"])
def test_a_score_outside_the_scale_is_refused_and_nothing_written(sheet_setup, score):
    judging_round, entries, judges, (impact, ambition) = sheet_setup
    sheet = sheet_of(judging_round, entries[0], judges[1])
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.save_sheet(
            sheet,
            judges[1],
            scores={impact.key: "5", ambition.key: score},
            comments={},
            version=1,
        )
    assert refused.value.message == (
        "The score for Ambition must be a whole number from 0 to 10."
    )
    sheet.refresh_from_db()
    assert (sheet.scores, sheet.version) == ({}, 1)


def test_the_scale_bounds_themselves_are_accepted(sheet_setup):
    judging_round, entries, judges, (impact, ambition) = sheet_setup
    sheet = sheet_of(judging_round, entries[0], judges[1])
    sheets.save_sheet(
        sheet,
        judges[1],
        scores={impact.key: "0", ambition.key: "10"},
        comments={},
        version=1,
    )
    assert sheet.scores == {impact.key: 0, ambition.key: 10}


def test_another_judges_sheet_is_refused(sheet_setup):
    judging_round, entries, judges, (impact, _) = sheet_setup
    sheet = sheet_of(judging_round, entries[0], judges[1])
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.save_sheet(
            sheet, judges[2], scores={impact.key: "5"}, comments={}, version=1
        )
    assert refused.value.message == (
        "This score sheet belongs to another judge: you can only score the "
        "entries assigned to you."
    )
    sheet.refresh_from_db()
    assert sheet.version == 1


def test_a_conflicted_sheet_is_refused(sheet_setup):
    judging_round, entries, judges, (impact, _) = sheet_setup
    sheet = sheet_of(judging_round, entries[0], judges[1])
    declare_conflict(judges[1], entries[0], "My former team.")
    sheet.assignment.refresh_from_db()
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.save_sheet(
            sheet, judges[1], scores={impact.key: "5"}, comments={}, version=1
        )
    assert refused.value.message == (
        "You declared a conflict of interest on this entry, so you cannot score it."
    )


def test_a_sheet_after_the_round_closed_is_refused(sheet_setup):
    judging_round, entries, judges, (impact, _) = sheet_setup
    sheet = sheet_of(judging_round, entries[0], judges[1])
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.save_sheet(
            sheet,
            judges[1],
            scores={impact.key: "5"},
            comments={},
            version=1,
            now=judging_round.closes_at,
        )
    assert refused.value.message == (
        "Shortlisting is not open for judging (judging closed on Monday 8 March "
        "2027, 12pm), so this score sheet can no longer be changed."
    )
    # A second before, it saves.
    sheets.save_sheet(
        sheet,
        judges[1],
        scores={impact.key: "5"},
        comments={},
        version=1,
        now=judging_round.closes_at - timedelta(seconds=1),
    )


def test_submit_needs_every_score_then_logs_and_staff_reopen(sheet_setup, admin_user):
    judging_round, entries, judges, (impact, ambition) = sheet_setup
    sheet = sheet_of(judging_round, entries[0], judges[1])
    with pytest.raises(sheets.SheetRefused) as refused:
        sheets.submit_sheet(
            sheet, judges[1], scores={impact.key: "5"}, comments={}, version=1
        )
    assert refused.value.message == (
        "Score every criterion before you submit: Ambition is missing."
    )
    sheet.refresh_from_db()
    assert (sheet.status, sheet.version, sheet.scores) == ("draft", 1, {})
    sheets.submit_sheet(
        sheet,
        judges[1],
        scores={impact.key: "5", ambition.key: "6"},
        comments={impact.key: "Strong figures."},
        version=1,
    )
    sheet.refresh_from_db()
    assert sheet.status == "submitted"
    assert sheet.comments == {impact.key: "Strong figures."}
    log = ModelLogEntry.objects.get(action="judging.submit")
    assert log.data["entry"] == "PA27-0001"
    assert log.user == judges[1]
    with pytest.raises(sheets.SheetRefused, match="has been submitted"):
        sheets.save_sheet(
            sheet, judges[1], scores={impact.key: "1"}, comments={}, version=2
        )
    sheets.reopen_sheet(sheet, admin_user)
    assert sheet.status == "draft"
    assert ModelLogEntry.objects.get(action="judging.reopen").user == admin_user
    with pytest.raises(sheets.SheetRefused, match="Only a submitted score sheet"):
        sheets.reopen_sheet(sheet, admin_user)


# The leaderboard and the shortlist ---------------------------------------------


def score(judging_round, entry, judge, impact, ambition, criteria):
    sheet = sheet_of(judging_round, entry, judge)
    sheets.submit_sheet(
        sheet,
        judge,
        scores={criteria[0].key: impact, criteria[1].key: ambition},
        comments={},
        version=sheet.version,
    )


def test_leaderboard_by_hand(sheet_setup):
    judging_round, entries, judges, criteria = sheet_setup
    lenient, harsh = judges[1], judges[3]
    category = entries[0].category
    # Weighted totals (Impact x 2 + Ambition): lenient 28, 24, 20; harsh 9, 6, 3.
    for entry, (li, la), (hi, ha) in zip(
        entries[:3],
        [(9, 10), (8, 8), (6, 8)],
        [(3, 3), (2, 2), (1, 1)],
        strict=True,
    ):
        score(judging_round, entry, lenient, li, la, criteria)
        score(judging_round, entry, harsh, hi, ha, criteria)
    # Entry 4: the lenient judge's 30 only; the harsh one declares a conflict.
    score(judging_round, entries[3], lenient, 10, 10, criteria)
    declare_conflict(harsh, entries[3], "Conflict.")
    rows = scoring.leaderboard(judging_round, category)
    assert [r.entry.reference for r in rows] == [
        "PA27-0004",
        "PA27-0001",
        "PA27-0002",
        "PA27-0003",
        "PA27-0005",
        "PA27-0006",
    ]
    top, first = rows[0], rows[1]
    # Lenient's totals 30, 28, 24, 20: mean 25.5, population sd 3.84057.
    assert top.totals == [30.0]
    assert top.normalised == pytest.approx((30 - 25.5) / 3.840573, abs=1e-5)
    assert top.conflicts == 1
    assert top.expected == 1
    assert first.totals == [28.0, 9.0]
    assert first.mean == 18.5
    assert first.median == 18.5
    assert first.spread == 19.0
    assert first.sheets_in == 2
    # Harsh's totals 9, 6, 3: mean 6, sd sqrt(6) = 2.44949: z = 1.224745.
    assert first.normalised == pytest.approx(
        ((28 - 25.5) / 3.840573 + 3 / 2.449490) / 2, abs=1e-5
    )
    assert rows[-1].sheets_in == 0 and rows[-1].normalised is None


def test_decisions_and_moving_the_shortlist(programme, sheet_setup, admin_user):
    judging_round, entries, judges, criteria = sheet_setup
    final = make_round(programme, [], judges[1:3], name="Final")
    decide(judging_round, entries[0], "shortlisted", admin_user)
    decide(judging_round, entries[2], "shortlisted", admin_user)
    decide(judging_round, entries[4], "shortlisted", admin_user)
    decide(judging_round, entries[4], "", admin_user)
    with pytest.raises(AssignmentRefused, match="not a decision"):
        decide(judging_round, entries[1], "champion", admin_user)
    moved = move_shortlist(judging_round, final, admin_user)
    assert [e.reference for e in moved] == ["PA27-0001", "PA27-0003"]
    final.refresh_from_db()
    assert final.previous_round == judging_round
    assert list(final.categories.all()) == [entries[0].category]
    assert [
        e.reference for e in assignment.round_entries(final, entries[0].category)
    ] == [
        "PA27-0001",
        "PA27-0003",
    ]
    log = ModelLogEntry.objects.get(action="judging.move_shortlist")
    assert log.data["references"] == ["PA27-0001", "PA27-0003"]
    decisions = ModelLogEntry.objects.filter(action="judging.decide").order_by("pk")
    assert [d.data["outcome"] for d in decisions] == ["shortlisted"] * 3 + [""]
    assert decisions.last().data["previous"] == "shortlisted"


def test_pass_fail_totals(programme, judged, frozen):
    category, entries, judges = judged
    judging_round = make_round(
        programme, [category], judges[1:2], mode=RoundMode.PASS_FAIL
    )
    assign_round(judging_round)
    sheet = sheet_of(judging_round, entries[0], judges[1])
    with pytest.raises(sheets.SheetRefused, match="a pass or fail is missing"):
        sheets.submit_sheet(sheet, judges[1], scores={}, comments={}, version=1)
    sheets.submit_sheet(
        sheet, judges[1], scores={}, comments={}, verdict="pass", version=1
    )
    rows = scoring.leaderboard(judging_round, category)
    assert rows[0].entry == entries[0] and rows[0].totals == [1.0]
