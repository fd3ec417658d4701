"""The judges' area: least privilege, blindness over every page and download,
autosave, conflicts, the second factor, and pinned query counts."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from entries.models import EntrantProfile
from judging.assignment import assign_round
from judging.criteria import round_criteria
from judging.models import Assignment, ConflictOfInterest, ScoreSheet
from tests.entries_helpers import add_document
from tests.judging_helpers import (
    make_entries,
    make_judge,
    make_round,
    make_two_criteria_category,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(programme, entry_form, frozen):
    """4 entries (each with a document), 3 judges, 2 judges per entry."""
    category = make_two_criteria_category(programme, entry_form)
    entries = make_entries(category, 4)
    for n, entry in enumerate(entries, start=1):
        EntrantProfile.objects.filter(user=entry.entrant).update(
            phone=f"0700 900 00{n}"
        )
        add_document(entry, original_name=f"Secret Plan of Entrant {n}.pdf")
    judges = [make_judge("judge1"), make_judge("judge2"), make_judge("judge3")]
    judging_round = make_round(
        programme, [category], judges, judges_per_entry=2, seed="views"
    )
    assign_round(judging_round)
    criteria = round_criteria(judging_round, category)
    return judging_round, category, entries, judges, criteria


def judge_client(client, judge):
    client.force_login(judge)
    return client


def mine(judging_round, judge):
    return list(
        judging_round.assignments.filter(judge=judge, active=True).order_by("pk")
    )


def test_the_list_shows_only_the_judges_entries_and_progress(client, area):
    judging_round, category, entries, judges, criteria = area
    judge = judges[0]
    own = mine(judging_round, judge)
    ScoreSheet.objects.filter(assignment=own[0]).update(status="submitted")
    response = judge_client(client, judge).get(reverse("judging:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"1 of {len(own)} scored" in html
    shown = re.findall(r'data-assignment="(\d+)"', html)
    assert shown == [str(a.pk) for a in own]
    others = Assignment.objects.exclude(judge=judge)
    for other in others:
        assert (
            judge_client(client, judge)
            .get(reverse("judging:sheet", args=[other.pk]))
            .status_code
            == 404
        )


@pytest.mark.parametrize(
    "name", ["judging:sheet", "judging:conflict", "judging:autosave"]
)
def test_someone_elses_assignment_is_404(client, area, name):
    judging_round, category, entries, judges, criteria = area
    other = mine(judging_round, judges[1])[0]
    if other.judge == judges[0]:  # pragma: no cover - the draw gives none
        pytest.skip("same judge")
    judge_client(client, judges[0])
    if name == "judging:autosave":
        response = client.post(reverse(name, args=[other.pk]), {"version": 1})
    else:
        response = client.get(reverse(name, args=[other.pk]))
    assert response.status_code == 404
    assert ScoreSheet.objects.get(assignment=other).version == 1


def test_an_entrant_or_staff_who_is_not_a_judge_gets_404(client, area):
    judging_round, category, entries, judges, criteria = area
    entry = entries[0]
    client.force_login(entry.entrant)
    assert client.get(reverse("judging:list")).status_code == 404
    assert (
        client.get(
            reverse("judging:sheet", args=[mine(judging_round, judges[0])[0].pk])
        ).status_code
        == 404
    )


def test_signed_out_goes_to_sign_in(client, area):
    response = client.get(reverse("judging:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_judge_without_a_second_factor_is_sent_to_set_one_up(client, area):
    judge = make_judge("judge9", second_factor=False)
    response = judge_client(client, judge).get(reverse("judging:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def blind_strings(entries) -> list[str]:
    """What a judge must never see: who entered, and the documents' names."""
    strings = []
    for entry in entries:
        profile = entry.entrant.entrant
        strings += [
            profile.full_name,
            profile.organisation,
            profile.phone,
            entry.entrant.email,
            entry.entrant.email.split("@")[1],
            entry.entrant.get_username(),
        ]
        strings += [d.original_name for d in entry.documents.all()]
    return strings


def test_no_judge_facing_response_names_the_entrant(client, area, mailoutbox):
    judging_round, category, entries, judges, criteria = area
    forbidden = blind_strings(entries)
    judge = judges[0]
    judge_client(client, judge)
    bodies = {}
    bodies["list"] = client.get(reverse("judging:list"))
    for assignment in mine(judging_round, judge):
        pk = assignment.pk
        bodies[f"sheet {pk}"] = client.get(reverse("judging:sheet", args=[pk]))
        bodies[f"conflict {pk}"] = client.get(reverse("judging:conflict", args=[pk]))
        bodies[f"document {pk}"] = client.get(reverse("judging:document", args=[pk, 1]))
        bodies[f"autosave {pk}"] = client.post(
            reverse("judging:autosave", args=[pk]),
            {"version": 1, f"score-{criteria[0].key}": "4"},
        )
        bodies[f"refused {pk}"] = client.post(
            reverse("judging:sheet", args=[pk]),
            {"version": 2, f"score-{criteria[0].key}": "99", "action": "save"},
        )
    assert len(bodies) == 1 + 5 * len(mine(judging_round, judge))
    for label, response in bodies.items():
        assert response.status_code in (200, 400), label
        content = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        ).decode("latin-1")
        headers = str(dict(response.headers))
        for text in forbidden:
            assert text not in content, (label, text)
            assert text not in headers, (label, text)
    # The emails the judges were sent (assignment, then a replacement) too.
    with TestCase.captureOnCommitCallbacks(execute=True):
        assign_round(judging_round)
        from judging.notify import notify_assigned

        notify_assigned(judging_round.pk, [j.pk for j in judges])
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        text = message.body + message.alternatives[0][0] + message.subject
        for forbidden_text in forbidden:
            assert forbidden_text not in text


def test_documents_are_served_under_neutral_names(client, area):
    judging_round, category, entries, judges, criteria = area
    assignment = mine(judging_round, judges[0])[0]
    judge_client(client, judges[0])
    response = client.get(reverse("judging:document", args=[assignment.pk, 1]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{assignment.entry.reference}-document-1.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    assert (
        client.get(reverse("judging:document", args=[assignment.pk, 2])).status_code
        == 404
    )
    sheet = client.get(reverse("judging:sheet", args=[assignment.pk])).content.decode()
    assert f"{assignment.entry.reference}-document-1.pdf</a> (15\xa0bytes)" in sheet


def test_the_sheet_shows_answers_in_full_with_word_counts(client, area):
    judging_round, category, entries, judges, criteria = area
    assignment = mine(judging_round, judges[0])[0]
    html = (
        judge_client(client, judges[0])
        .get(reverse("judging:sheet", args=[assignment.pk]))
        .content.decode()
    )
    assert (
        f'<h1><span class="caption">{category.title}, Shortlisting</span> '
        f"{assignment.entry.reference}: {assignment.entry.title}</h1>"
    ) in html
    assert '<p class="word-count">3 words</p>' in html  # "Entry title n"
    assert [m for m in re.findall(r'<label for="score-([^"]+)">([^<]+)<', html)] == [
        (c.key, c.title) for c in criteria
    ]
    assert 'min="0" max="10"' in html


def test_autosave_saves_and_refuses_a_stale_copy(client, area):
    judging_round, category, entries, judges, criteria = area
    assignment = mine(judging_round, judges[0])[0]
    url = reverse("judging:autosave", args=[assignment.pk])
    judge_client(client, judges[0])
    first = client.post(url, {"version": 1, f"score-{criteria[0].key}": "6"})
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = client.post(url, {"version": 1, f"score-{criteria[0].key}": "2"})
    assert stale.status_code == 409
    assert stale.json()["message"].startswith(
        "Not saved: This score sheet was changed in another tab or window at "
    )
    bad = client.post(url, {"version": 2, f"score-{criteria[0].key}": "11"})
    assert bad.status_code == 400
    assert bad.json()["message"] == (
        f"Not saved: The score for {criteria[0].title} must be a whole number "
        "from 0 to 10."
    )
    assert ScoreSheet.objects.get(assignment=assignment).scores == {criteria[0].key: 6}


def test_submit_from_the_page(client, area):
    judging_round, category, entries, judges, criteria = area
    assignment = mine(judging_round, judges[0])[0]
    url = reverse("judging:sheet", args=[assignment.pk])
    judge_client(client, judges[0])
    data = {"version": 1, "action": "submit", f"score-{criteria[0].key}": "6"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert (
        "Score every criterion before you submit: Ambition is missing."
        in refused.content.decode()
    )
    data[f"score-{criteria[1].key}"] = "7"
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("judging:list")
    sheet = ScoreSheet.objects.get(assignment=assignment)
    assert (sheet.status, sheet.scores) == (
        "submitted",
        {criteria[0].key: 6, criteria[1].key: 7},
    )
    page = client.get(url).content.decode()
    assert "data-score-sheet" not in page
    assert "Submitted. Ask the awards team to reopen it" in page


def test_declaring_a_conflict_from_the_page(client, area):
    judging_round, category, entries, judges, criteria = area
    assignment = mine(judging_round, judges[0])[0]
    url = reverse("judging:conflict", args=[assignment.pk])
    judge_client(client, judges[0])
    empty = client.post(url, {"reason": " "})
    assert empty.status_code == 400
    assert "Say why you have a conflict of interest." in empty.content.decode()
    assert not ConflictOfInterest.objects.exists()
    response = client.post(url, {"reason": "I mentored the team lead."})
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.judge, conflict.entry) == (judges[0], assignment.entry)
    listed = client.get(reverse("judging:list")).content.decode()
    assert (
        f"You declared a conflict of interest on {assignment.entry.reference}. "
        "It has left your list" in listed
    )
    assert f'data-assignment="{assignment.pk}"' not in listed
    assert client.get(reverse("judging:sheet", args=[assignment.pk])).status_code == 404


def test_a_round_with_blind_judging_off_names_the_entrant(client, area):
    judging_round, category, entries, judges, criteria = area
    judging_round.blind = False
    judging_round.save()
    assignment = mine(judging_round, judges[0])[0]
    html = (
        judge_client(client, judges[0])
        .get(reverse("judging:sheet", args=[assignment.pk]))
        .content.decode()
    )
    profile = assignment.entry.entrant.entrant
    assert (
        f"<dt>Entrant</dt><dd>{profile.full_name}, {profile.organisation}</dd>" in html
    )


# Pinned query counts, the same for 2 entries as for 6 and 2 judges as for 5:
# session, user, second-factor group and TOTP, the Judges group, then the
# page (list: 1 query; sheet: assignment with entry and sheet, the form's
# questions, the documents). The user bar's permission reads are cached
# (base/templatetags/site_userbar.py), warmed by the first request.
LIST_QUERIES = 6
SHEET_QUERIES = 8


@pytest.mark.parametrize(("entry_count", "judge_count"), [(2, 2), (6, 5)])
def test_query_counts_do_not_grow(
    client,
    programme,
    entry_form,
    frozen,
    django_assert_num_queries,
    entry_count,
    judge_count,
):
    category = make_two_criteria_category(programme, entry_form)
    entries = make_entries(category, entry_count)
    for entry in entries:
        add_document(entry)
    judges = [make_judge(f"judge{n}") for n in range(judge_count)]
    judging_round = make_round(programme, [category], judges)
    assign_round(judging_round)
    judge = judges[0]
    judge_client(client, judge)
    assignment = mine(judging_round, judge)[0]
    client.get(reverse("judging:list"))  # warms Wagtail's cache of sites
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("judging:list")).status_code == 200
    with django_assert_num_queries(SHEET_QUERIES):
        assert (
            client.get(reverse("judging:sheet", args=[assignment.pk])).status_code
            == 200
        )


def test_the_judges_group_has_no_permission():
    assert list(Group.objects.get(name="Judges").permissions.all()) == []
