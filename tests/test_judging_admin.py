"""The staff's side of judging: results, actions, the export, and who may."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from judging.assignment import assign_round
from judging.criteria import round_criteria
from judging.models import Decision, ScoreSheet
from judging.sheets import submit_sheet
from tests.entries_helpers import make_staff
from tests.judging_helpers import (
    make_entries,
    make_judge,
    make_round,
    make_two_criteria_category,
)

pytestmark = pytest.mark.django_db


def judged_round(programme, entry_form, entry_count=3, judge_count=2, slug="two"):
    """A round whose sheets are all submitted: judge n gives entry m the
    scores (m + n, m) so the order is known."""
    category = make_two_criteria_category(programme, entry_form, slug=slug)
    entries = make_entries(category, entry_count)
    judges = [make_judge(f"judge{n}") for n in range(1, judge_count + 1)]
    judging_round = make_round(
        programme, [category], judges, weights={"Impact": 2}, seed="admin"
    )
    assign_round(judging_round)
    impact, ambition = round_criteria(judging_round, category)
    for m, entry in enumerate(entries, start=1):
        for n, judge in enumerate(judges, start=1):
            sheet = ScoreSheet.objects.select_related(
                "assignment__round", "assignment__entry__category"
            ).get(assignment__entry=entry, assignment__judge=judge)
            submit_sheet(
                sheet,
                judge,
                scores={impact.key: min(m + n, 10), ambition.key: m},
                comments={impact.key: '=HYPERLINK("http://x")'},
                version=sheet.version,
            )
    return judging_round, category, entries, judges


@pytest.fixture
def staff(client, frozen):
    client.force_login(make_staff("Entries team", "team1"))
    return client


def test_results_rank_the_entries(staff, programme, entry_form, frozen):
    judging_round, category, entries, judges = judged_round(programme, entry_form)
    response = staff.get(reverse("judging_admin:results", args=[judging_round.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    order = [row for row in html.split('data-entry="')[1:]]
    assert [row.split('"')[0] for row in order] == [
        "PA27-0003",
        "PA27-0002",
        "PA27-0001",
    ]
    # Entry 3: judge 1 gives (4, 3) -> 2 x 4 + 3 = 11; judge 2 (5, 3) -> 13.
    row = order[0]
    assert "<td>11, 13</td>" in row
    assert "<td>12.00</td>" in row  # mean
    assert "<td>2 of 2</td>" in row
    assert "<td>2</td>" in row  # spread


@pytest.mark.parametrize("count", [2, 6])
def test_the_leaderboard_query_count_does_not_grow(
    staff, programme, entry_form, frozen, django_assert_num_queries, count
):
    judging_round, *_ = judged_round(programme, entry_form, count, count)
    url = reverse("judging_admin:results", args=[judging_round.pk])
    staff.get(url)
    with django_assert_num_queries(LEADERBOARD_QUERIES):
        assert staff.get(url).status_code == 200


# Session, user, the second-factor checks (group, TOTP), the permission
# check, the round, its categories, the leaderboard's entries, assignments
# with sheets, conflicts and decisions, the sheets list, the next rounds,
# and the admin's own reads (menu, user profile).
LEADERBOARD_QUERIES = 18


def test_decide_and_move_the_shortlist(staff, programme, entry_form, frozen):
    judging_round, category, entries, judges = judged_round(programme, entry_form)
    final = make_round(programme, [], judges, name="Final")
    url = reverse("judging_admin:decide", args=[judging_round.pk])
    for entry in entries[1:]:
        response = staff.post(url, {"entry": entry.pk, "outcome": "shortlisted"})
        assert response.status_code == 302
    bad = staff.post(url, {"entry": entries[0].pk, "outcome": "champion"}, follow=True)
    assert "“champion” is not a decision staff can make." in bad.content.decode()
    assert Decision.objects.count() == 2
    response = staff.post(
        reverse("judging_admin:move", args=[judging_round.pk]),
        {"to_round": final.pk},
        follow=True,
    )
    assert (
        "2 shortlisted entries moved to Final: PA27-0002, PA27-0003."
        in response.content.decode()
    )
    final.refresh_from_db()
    assign_round(final)
    assert sorted(final.assignments.values_list("entry__reference", flat=True)) == [
        "PA27-0002",
        "PA27-0002",
        "PA27-0003",
        "PA27-0003",
    ]


def test_reopen_a_sheet(staff, programme, entry_form, frozen):
    judging_round, category, entries, judges = judged_round(programme, entry_form, 1, 1)
    sheet = ScoreSheet.objects.get()
    response = staff.post(
        reverse("judging_admin:reopen", args=[judging_round.pk, sheet.pk]),
        follow=True,
    )
    assert "Reopened judge1&#x27;s sheet for PA27-0001." in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == "draft"
    assert ModelLogEntry.objects.filter(action="judging.reopen").count() == 1


def test_run_assignment_from_the_admin(staff, programme, entry_form, frozen):
    category = make_two_criteria_category(programme, entry_form)
    make_entries(category, 3)
    judges = [make_judge("judge1"), make_judge("judge2")]
    judging_round = make_round(programme, [category], judges, judges_per_entry=3)
    response = staff.post(
        reverse("judging_admin:assign", args=[judging_round.pk]), follow=True
    )
    assert (
        "6 new assignments in Shortlisting. Not enough eligible judges for: "
        "PA27-0001 (1), PA27-0002 (1), PA27-0003 (1)." in response.content.decode()
    )


def test_the_scores_export_is_neutralised_and_has_the_answers(
    staff, programme, entry_form, frozen
):
    judging_round, category, entries, judges = judged_round(programme, entry_form, 1, 1)
    response = staff.get(
        reverse("judging_admin:export", args=[judging_round.pk, "csv"])
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Reference",
        "Category",
        "Title",
        "Judge",
        "Submitted (UK time)",
        "Weighted total",
        "Verdict",
        "Feedback for the entrant",
        "Impact: score",
        "Impact: comment",
        "Ambition: score",
        "Ambition: comment",
        "Entry title",
        "Entry title (words)",
        "Partner organisations",
        "Partner organisations (words)",
        "Impact",
        "Impact (words)",
        "Ambition",
        "Ambition (words)",
    ]
    assert rows[1][:12] == [
        "PA27-0001",
        "Two",
        "Entry title 1",
        "judge1",
        "2027-03-01 12:00:00",
        "5.0",
        "",
        "",
        "2",
        '\'=HYPERLINK("http://x")',
        "1",
        "",
    ]
    assert rows[1][12:14] == ["Entry title 1", "3"]
    xlsx = staff.get(reverse("judging_admin:export", args=[judging_round.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet["J2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["J2"].data_type == "s"
    assert (
        staff.get(
            reverse("judging_admin:export", args=[judging_round.pk, "pdf"])
        ).status_code
        == 404
    )


def test_only_staff_who_run_judging_reach_it(client, programme, entry_form, frozen):
    judging_round, category, entries, judges = judged_round(programme, entry_form, 1, 1)
    url = reverse("judging_admin:results", args=[judging_round.pk])
    client.force_login(make_staff("Marketing editors", "editor1"))
    # Wagtail answers a refused permission with the dashboard and a message.
    refused = client.get(url)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    refused = client.post(
        reverse("judging_admin:decide", args=[judging_round.pk]),
        {"entry": entries[0].pk, "outcome": "winner"},
    )
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert not Decision.objects.exists()
    client.force_login(judges[0])
    # A judge has no admin access at all: Wagtail sends them to sign in.
    refused = client.get(url)
    assert refused["Location"] == f"/accounts/login/?next={url}"


def test_the_round_editor_opens(staff, programme):
    response = staff.get(reverse("wagtailsnippets_judging_judginground:add"))
    assert response.status_code == 200
    assert "Judges per entry" in response.content.decode()
