"""The entries admin: list, filters, search, inspect, exports, reopen and withdraw."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from entries.export import neutralise
from entries.lifecycle import EntryRefused, reopen_entry, withdraw_entry
from entries.models import Entry, ReferenceSequence
from home.wagtail_hooks import entries_panel
from tests.entries_helpers import (
    add_document,
    complete_answers,
    impact_key,
    make_draft,
    make_open_category,
    make_staff,
    make_submitted,
    submit_through_check,
)
from tests.factories import NOW, make_entrant, make_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

INDEX = "/admin/entries/"


@pytest.fixture
def past_programme(home):
    return make_programme(
        home,
        "awards-2026",
        title="Awards 2026",
        opens_at=NOW - timedelta(days=400),
        closes_at=NOW - timedelta(days=330),
    )


@pytest.fixture
def entries(programme, past_programme, entry_form):
    """Three entries in three categories of two programmes."""
    diagnostics = make_open_category(
        programme, entry_form, "diagnostics", title="Diagnostics"
    )
    medicines = make_open_category(
        programme, entry_form, "medicines", title="Medicines"
    )
    old = make_open_category(past_programme, entry_form, "old", title="Diagnostics")
    ada = make_entrant(
        "ada@example.org", full_name="Ada Lovelace", organisation="Analytical Engines"
    )
    grace = make_entrant("grace@example.org")
    made = {
        "submitted": make_submitted(
            ada,
            diagnostics,
            "PA27-0001",
            NOW - timedelta(days=1),
            title="Scans closer to home",
            partner_organisations="Example Trust and Scan Co",
            **{impact_key(diagnostics): "Waits fell.\n\nFrom six weeks to nine days."},
        ),
        "draft": make_draft(grace, medicines, title="=SUM(A1:A2)"),
        "old": make_submitted(
            grace, old, "PA26-0004", NOW - timedelta(days=340), title="Last year"
        ),
    }
    # Last saved: the draft an hour ago, the submission a day ago, last year's
    # long ago (the list shows the latest first).
    for key, age in {"draft": 1, "submitted": 24, "old": 340 * 24}.items():
        Entry.objects.filter(pk=made[key].pk).update(
            updated_at=NOW - timedelta(hours=age)
        )
        made[key].refresh_from_db()
    return made


@pytest.fixture
def team_member():
    return make_staff("Entries team", "emma")


@pytest.fixture
def team(client, team_member):
    client.force_login(team_member)
    return client


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def listed(response) -> list[list[str]]:
    """The list's rows, cell by cell, as a member of staff reads them."""
    rows = []
    for row in soup_of(response).select("table.listing tbody tr"):
        cells = row.find_all("td")
        first = cells[0].select_one(".title-wrapper").get_text(strip=True)
        rows.append([first] + [cell.get_text(strip=True) for cell in cells[1:]])
    return rows


def references(response) -> list[str]:
    return [row[0] for row in listed(response)]


def url_of(action: str, entry) -> str:
    return f"/admin/entries/{action}/{entry.pk}/"


# The list


def test_list_shows_every_column(team, entries):
    response = team.get(INDEX)
    assert response.status_code == 200
    headings = [th.get_text(strip=True) for th in soup_of(response).select("thead th")]
    assert headings == [
        "Reference",
        "Title",
        "Entrant",
        "Organisation",
        "Category",
        "Programme",
        "Status",
        "Submitted at",
    ]
    draft = entries["draft"]
    assert listed(response) == [
        [
            f"Draft {draft.pk}",
            "=SUM(A1:A2)",
            "Grace Hopper",
            "Example NHS Trust",
            "Medicines",
            "Programme awards-2027",
            "Draft",
            "-",
        ],
        [
            "PA27-0001",
            "Scans closer to home",
            "Ada Lovelace",
            "Analytical Engines",
            "Diagnostics",
            "Programme awards-2027",
            "Submitted",
            "28 Feb 2027, noon",
        ],
        [
            "PA26-0004",
            "Last year",
            "Grace Hopper",
            "Example NHS Trust",
            "Diagnostics",
            "Awards 2026",
            "Submitted",
            "26 Mar 2026, noon",
        ],
    ]


def test_each_row_links_to_its_entry_and_offers_no_edit_or_delete(team, entries):
    row = soup_of(team.get(INDEX)).select("table.listing tbody tr")[1]
    links = {a.get_text(strip=True): a["href"] for a in row.select("a")}
    assert links == {
        "PA27-0001": url_of("inspect", entries["submitted"]),
        "Inspect": url_of("inspect", entries["submitted"]),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("programme={programme}", ["Draft {draft}", "PA27-0001"]),
        ("programme={past}", ["PA26-0004"]),
        ("programme=999999", []),
        ("category={diagnostics}", ["PA27-0001"]),
        ("status__exact=draft", ["Draft {draft}"]),
        ("status__exact=submitted", ["PA27-0001", "PA26-0004"]),
        ("programme={programme}&status__exact=submitted", ["PA27-0001"]),
    ],
)
def test_filters(team, entries, programme, past_programme, query, expected):
    ids = {
        "programme": programme.pk,
        "past": past_programme.pk,
        "diagnostics": entries["submitted"].category_id,
        "draft": entries["draft"].pk,
    }
    response = team.get(f"{INDEX}?{query.format(**ids)}")
    assert references(response) == [e.format(**ids) for e in expected]


def test_category_filter_names_each_programme(team, entries, programme):
    page = soup_of(team.get(INDEX))
    by_category = page.select(".changelist-filter ul")[1]
    assert [a.get_text() for a in by_category.select("a")] == [
        "All",
        "Diagnostics (Programme awards-2027)",
        "Medicines (Programme awards-2027)",
        "Diagnostics (Awards 2026)",
    ]
    # With a programme chosen, its categories alone, by their own names.
    page = soup_of(team.get(f"{INDEX}?programme={programme.pk}"))
    by_category = page.select(".changelist-filter ul")[1]
    assert [a.get_text() for a in by_category.select("a")] == [
        "All",
        "Diagnostics",
        "Medicines",
    ]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("PA27-0001", ["PA27-0001"]),
        ("closer to home", ["PA27-0001"]),
        ("lovelace", ["PA27-0001"]),
        ("grace@example", ["Draft {draft}", "PA26-0004"]),
        ("analytical", ["PA27-0001"]),
        ("nobody", []),
    ],
)
def test_search_by_reference_title_name_email_and_organisation(
    team, entries, term, expected
):
    response = team.get(INDEX, {"q": term})
    draft = entries["draft"].pk
    assert references(response) == [e.format(draft=draft) for e in expected]


# One fixed number of queries whatever the number of entries: the session, user,
# permissions and profile; the filters' programmes, programmes and categories;
# three counts (all, filtered, pages); Wagtail's menu (locales, page and
# collection permissions); and the page of entries with their category,
# entrant and programme in one; and whether the user needs, and has, a second
# factor (entries/second_factor.py).
LIST_QUERIES = 17


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_is_fixed(
    team, programme, entry_form, django_assert_num_queries, count
):
    category = make_open_category(programme, entry_form)
    for number in range(count):
        entrant = make_entrant(f"entrant{number}@example.org")
        make_submitted(entrant, category, f"PA27-{number:04d}", NOW, title="T")
    team.get(INDEX)  # warm the caches a running site has warm
    with django_assert_num_queries(LIST_QUERIES):
        assert len(listed(team.get(INDEX))) == count


# Exports


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # for Excel
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


EXPORT_HEADINGS = [
    "Reference",
    "Title",
    "Entrant",
    "Email",
    "Organisation",
    "Category",
    "Programme",
    "Status",
    "Submitted (UK time)",
    "Extended until (UK time)",
]


def test_csv_export_follows_the_filters_and_neutralises_formulas(
    team, entries, programme
):
    response = team.get(INDEX, {"programme": programme.pk, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == (
        'attachment; filename="entries-2027-03-01.csv"'
    )
    assert csv_rows(response) == [
        EXPORT_HEADINGS,
        [
            f"Draft {entries['draft'].pk}",
            "'=SUM(A1:A2)",
            "Grace Hopper",
            "grace@example.org",
            "Example NHS Trust",
            "Medicines",
            "Programme awards-2027",
            "Draft",
            "",
            "",
        ],
        [
            "PA27-0001",
            "Scans closer to home",
            "Ada Lovelace",
            "ada@example.org",
            "Analytical Engines",
            "Diagnostics",
            "Programme awards-2027",
            "Submitted",
            "2027-02-28 12:00:00",
            "",
        ],
    ]


def test_csv_export_follows_the_search(team, entries):
    rows = csv_rows(team.get(INDEX, {"q": "lovelace", "export": "csv"}))
    assert [row[0] for row in rows] == ["Reference", "PA27-0001"]


@pytest.mark.parametrize(
    "dangerous",
    ["=1+1", "+44 20 7946 0001", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturned"],
)
def test_every_formula_start_is_neutralised_in_csv_and_xlsx(team, entries, dangerous):
    ada = entries["submitted"].entrant
    ada.entrant.organisation = dangerous
    ada.entrant.save()
    rows = csv_rows(team.get(INDEX, {"q": "PA27-0001", "export": "csv"}))
    assert rows[1][4] == f"'{dangerous}"

    response = team.get(INDEX, {"q": "PA27-0001", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=5)
    # openpyxl writes with lxml (installed with xhtml2pdf), which keeps a
    # carriage return as it is.
    assert (cell.value, cell.data_type) == (f"'{dangerous}", "s")


def test_control_characters_an_entrant_saved_do_not_break_the_exports(team, entries):
    # A vertical tab from a pasted title: XML (and so XLSX) cannot hold it.
    # (NUL never reaches the database: the site refuses it in any request.)
    Entry.objects.filter(pk=entries["submitted"].pk).update(
        title="Scans\x0b closer\x01 to \x1fhome"
    )
    response = team.get(INDEX, {"q": "PA27-0001", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=2, column=2).value == "Scans closer to home"
    rows = csv_rows(team.get(INDEX, {"q": "PA27-0001", "export": "csv"}))
    assert rows[1][1] == "Scans closer to home"


def test_a_formula_behind_a_removed_character_is_still_quoted(team, entries):
    Entry.objects.filter(pk=entries["submitted"].pk).update(title="\x0b=1+1")
    response = team.get(INDEX, {"q": "PA27-0001", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == ("'=1+1", "s")


def test_xlsx_export_has_the_same_rows_with_uk_times(team, entries):
    response = team.get(INDEX, {"status__exact": "submitted", "export": "xlsx"})
    assert response["Content-Disposition"] == (
        'attachment; filename="entries-2027-03-01.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == EXPORT_HEADINGS
    assert [row[0] for row in values[1:]] == ["PA27-0001", "PA26-0004"]
    # 26 March 2026, 12:00 UTC is 12:00 in London (GMT); stored as wall time.
    assert values[2][8].isoformat() == "2026-03-26T12:00:00"
    assert values[1][9] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        # After blanks or invisible characters, and in full-width or small
        # forms: a spreadsheet may trim or normalise those (entries/export.py).
        (" =1+1", "' =1+1"),
        ("   @SUM(A1)", "'   @SUM(A1)"),
        ("\xa0=1", "'\xa0=1"),
        ("\u200b=1", "'\u200b=1"),
        ("\ufeff+1", "'\ufeff+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\ufe62cmd", "'\ufe62cmd"),
        ("\uff20cmd", "'\uff20cmd"),
        ("\n=1", "'\n=1"),
        # What XML cannot hold is removed, then the rest is judged.
        ("a\x0bb\x00c\x1f", "abc"),
        ("\x0b=1", "'=1"),
        ("\ud800x\ufffe\uffff", "x"),
        ("Tab\tand\nlines\r", "Tab\tand\nlines\r"),
        ("  Plain text", "  Plain text"),
        ("\u200b", "\u200b"),
        ("Plain text", "Plain text"),
        ("a=1", "a=1"),
        ("", ""),
        (42, 42),
        (-3, -3),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_export_needs_the_export_permission(client, entries):
    reader = make_staff("Entries team", "reader")
    reader.groups.clear()
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_entry"),
    )
    client.force_login(reader)
    page = soup_of(client.get(INDEX))
    assert page.find("a", string="Download CSV") is None
    assert page.find(string=lambda s: "Download XLSX" in s) is None
    for export in ("csv", "xlsx"):
        response = client.get(INDEX, {"export": export})
        assert response.status_code == 302
        assert response["Location"] == "/admin/"


def test_download_buttons_keep_the_filters(team, entries, programme):
    page = soup_of(team.get(INDEX, {"programme": programme.pk, "q": "x"}))
    links = {a.get_text(strip=True): a["href"] for a in page.select("header a")}
    assert links["Download CSV"] == f"{INDEX}?programme={programme.pk}&q=x&export=csv"
    assert links["Download XLSX"] == (
        f"{INDEX}?programme={programme.pk}&q=x&export=xlsx"
    )


# Inspect


def test_inspect_shows_the_entry_as_the_judges_read_it(team, entries):
    entry = entries["submitted"]
    document = add_document(entry, "Business plan.pdf", content=b"%PDF-1.4", size=2048)
    response = team.get(url_of("inspect", entry))
    assert response.status_code == 200
    page = soup_of(response).select_one("[data-entry-inspect]")
    facts = dict(
        zip(
            [dt.get_text(strip=True) for dt in page.select("dt")],
            [dd.get_text(" ", strip=True) for dd in page.select("dd")],
            strict=True,
        )
    )
    assert facts == {
        "Reference": "PA27-0001",
        "Status": "Submitted, submitted Sunday 28 February 2027, 12pm",
        "Category": "Diagnostics",
        "Programme": "Programme awards-2027",
        "Deadline for this entry": "Open for entries. The deadline is Wednesday "
        "31 March 2027, 1pm (30 days left)",
        "Entrant": "Ada Lovelace",
        "Organisation": "Analytical Engines",
        "Email": "ada@example.org",
        "Started": "Monday 1 March 2027, 12pm",
        "Last saved by the entrant": "Sunday 28 February 2027, 12pm",
    }
    answers = [
        (
            section.select_one("h3").get_text(),
            [p.get_text() for p in section.select("p")],
        )
        for section in page.select("[data-answer]")
    ]
    assert answers == [
        ("Entry title", ["Scans closer to home", "4 words"]),
        ("Partner organisations", ["Example Trust and Scan Co", "5 words of 50"]),
        ("Impact", ["Waits fell.", "From six weeks to nine days.", "8 words of 350"]),
    ]
    link = page.select_one(".entry-inspect__documents a")
    assert link.get_text() == "Business plan.pdf"
    assert link["href"] == reverse("entries:document", args=[entry.pk, document.pk])
    assert team.get(link["href"]).status_code == 200
    buttons = [a.get_text(strip=True) for a in soup_of(response).select("footer a")]
    assert buttons == ["Reopen", "Give an extension", "Withdraw", "History"]


def test_unanswered_questions_say_so(team, entries):
    page = soup_of(team.get(url_of("inspect", entries["draft"])))
    answers = {
        s.select_one("h3").get_text(): s.select_one("p").get_text()
        for s in page.select("[data-answer]")
    }
    assert answers == {
        "Entry title": "=SUM(A1:A2)",
        "Partner organisations": "Not answered",
        "Impact": "Not answered",
    }
    buttons = [a.get_text(strip=True) for a in page.select("footer a")]
    assert buttons == ["Give an extension", "Withdraw", "History"]


@pytest.mark.parametrize("action", ["create", "edit/{pk}", "delete/{pk}"])
def test_entries_are_never_changed_through_generic_forms(admin_client, entries, action):
    entry = entries["draft"]
    response = admin_client.get(f"{INDEX}{action.format(pk=entry.pk)}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = admin_client.post(f"{INDEX}{action.format(pk=entry.pk)}/")
    assert response.status_code == 302
    assert Entry.objects.filter(pk=entry.pk, title="=SUM(A1:A2)").exists()


# Reopen and withdraw


def messages_of(response) -> list[str]:
    return [m.message.strip() for m in response.context["messages"]]


def log_entries(entry) -> list[tuple]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(entry.pk)).values_list(
            "action", "user__username", "timestamp", "label"
        )
    )


def test_reopen_asks_then_reopens_emails_and_logs(
    team, entries, django_capture_on_commit_callbacks
):
    entry = entries["submitted"]
    confirm = soup_of(team.get(url_of("reopen", entry)))
    assert confirm.select_one(".nice-padding > p").get_text() == (
        "Reopen PA27-0001, “Scans closer to home”, in Diagnostics?"
    )
    assert [
        li.get_text(" ", strip=True) for li in confirm.select(".nice-padding li")
    ] == [
        "It becomes a draft again and keeps its reference. It will only be judged "
        "if it is submitted again.",
        "Ada Lovelace (ada@example.org) is told by email.",
        "The entrant can change and resubmit it until Wednesday 31 March 2027, 1pm.",
    ]
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED  # asking changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(url_of("reopen", entry), follow=True)
    entry.refresh_from_db()
    assert (entry.status, entry.reference, entry.submitted_at) == (
        Entry.Status.DRAFT,
        "PA27-0001",
        None,
    )
    assert messages_of(response) == [
        "PA27-0001 is a draft again; ada@example.org has been emailed."
    ]
    assert log_entries(entry) == [("entries.reopen", "emma", NOW, "PA27-0001")]
    entries["old"].refresh_from_db()
    assert entries["old"].status == Entry.Status.SUBMITTED  # only the one reopened
    (email,) = mail.outbox
    assert email.to == ["ada@example.org"]
    assert email.subject == "Your entry PA27-0001 has been reopened"
    assert "You can change and submit it until Wednesday 31 March 2027, 1pm" in (
        email.body
    )
    assert f"http://localhost/entries/{entry.pk}/" in email.body
    assert email.alternatives[0].mimetype == "text/html"


def test_reopen_a_draft_is_refused_with_a_message(team, entries):
    entry = entries["draft"]
    response = team.get(url_of("reopen", entry), follow=True)
    assert response.redirect_chain == [(url_of("inspect", entry), 302)]
    assert messages_of(response) == [
        f"Only a submitted entry can be reopened: Draft {entry.pk}: =SUM(A1:A2) "
        "is draft."
    ]
    response = team.post(url_of("reopen", entry), follow=True)
    assert messages_of(response) == [
        f"Only a submitted entry can be reopened: Draft {entry.pk}: =SUM(A1:A2) is not."
    ]
    assert log_entries(entry) == []
    assert mail.outbox == []


def test_withdraw_asks_then_withdraws_emails_and_logs(
    team, entries, django_capture_on_commit_callbacks
):
    entry = entries["submitted"]
    confirm = soup_of(team.get(url_of("withdraw", entry)))
    assert confirm.select_one("form button").get_text() == "Yes, withdraw PA27-0001"
    assert [
        li.get_text(" ", strip=True) for li in confirm.select(".nice-padding li")
    ] == [
        "It will not be judged. The entrant can still read it, but not change or "
        "submit it.",
        "Ada Lovelace (ada@example.org) is told by email.",
        "This cannot be undone in the admin.",
    ]
    assert mail.outbox == []  # asking sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = team.post(url_of("withdraw", entry), follow=True)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.WITHDRAWN
    assert messages_of(response) == [
        "PA27-0001 has been withdrawn; ada@example.org has been emailed."
    ]
    (email,) = mail.outbox
    assert email.to == ["ada@example.org"]
    assert email.subject == f"Your entry for {entry.category.title} has been withdrawn"
    assert email.body.startswith(
        "Your entry has been withdrawn.\n\nReference: PA27-0001\n"
        "Entry: Scans closer to home\n"
        f"Category: {entry.category.title}\n\n"
        "The awards team has withdrawn your entry, so it will not be judged. "
        f"You can still read it:\nhttp://localhost/entries/{entry.pk}/\n"
    )
    assert log_entries(entry) == [("entries.withdraw", "emma", NOW, "PA27-0001")]
    # Withdrawn is final in the admin: no more actions but the history.
    page = soup_of(team.get(url_of("inspect", entry)))
    assert [a.get_text(strip=True) for a in page.select("footer a")] == ["History"]
    # Its deadline, and any extension it had, no longer apply.
    Entry.objects.filter(pk=entry.pk).update(
        extended_until=NOW + timedelta(days=60), extension_reason="Illness"
    )
    page = soup_of(team.get(url_of("inspect", entry)))
    facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in page.select("[data-entry-inspect] dt")
    }
    assert facts["Deadline for this entry"] == (
        "None: it has been withdrawn and will not be judged."
    )
    assert "Extension" not in facts
    with django_capture_on_commit_callbacks(execute=True):
        again = team.post(url_of("withdraw", entry), follow=True)
    assert messages_of(again) == ["PA27-0001 has already been withdrawn."]
    assert len(log_entries(entry)) == 1
    assert len(mail.outbox) == 1  # exactly once


def test_actions_need_the_csrf_token(team_member, entries):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team_member)
    for action in ("reopen", "withdraw"):
        assert client.post(url_of(action, entries["submitted"])).status_code == 403
    entries["submitted"].refresh_from_db()
    assert entries["submitted"].status == Entry.Status.SUBMITTED


def test_actions_need_their_own_permission(client, entries):
    reader = make_staff("Entries team", "reader")
    reader.groups.clear()
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_entry"),
    )
    client.force_login(reader)
    page = soup_of(client.get(url_of("inspect", entries["submitted"])))
    assert [a.get_text(strip=True) for a in page.select("footer a")] == ["History"]
    for action in ("reopen", "withdraw", "extend"):
        response = client.post(url_of(action, entries["submitted"]))
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    entries["submitted"].refresh_from_db()
    assert entries["submitted"].status == Entry.Status.SUBMITTED
    assert log_entries(entries["submitted"]) == []


def test_audit_log_shows_who_did_what(
    team, entries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team.post(url_of("reopen", entries["submitted"]))
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        team.post(url_of("withdraw", entries["draft"]))
    history = soup_of(team.get(url_of("history", entries["submitted"])))
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in history.select("tbody tr")
    ]
    assert [row[:2] for row in rows] == [
        ["Reopened: a draft again, entrant emailed", "Emma"]
    ]
    # Reports > Site history: what, to which entry, by whom, labelled.
    report = soup_of(team.get("/admin/reports/site-history/"))
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")][:4]
        for tr in report.select("#listing-results tbody tr")
    ]
    draft = entries["draft"]
    assert rows == [
        [str(draft), "Entry", "Withdrawn", "Emma"],
        ["PA27-0001", "Entry", "Reopened: a draft again, entrant emailed", "Emma"],
    ]
    actions = [
        label.get_text(strip=True)
        for label in report.select("label:has(input[name=action])")
    ]
    assert actions == ["Reopen entry", "Withdraw entry"]


# The dashboard panel


def test_dashboard_panel_counts_the_current_programme(team, entries):
    page = soup_of(team.get("/admin/"))
    panel = page.select_one("[data-entries-summary]").find_parent("section")
    assert panel.select_one("h2").get_text(" ", strip=True) == (
        "Entries: Programme awards-2027"
    )
    assert " ".join(panel.select_one("p").get_text().split()) == (
        "Deadline: Wednesday 31 March 2027, 1pm (30 days left). "
        "1 draft and 1 submitted."
    )
    table = panel.select_one("table[data-entries-summary]")
    rows = [
        [cell.get_text(" ", strip=True) for cell in tr.select("th, td")][:4]
        for tr in table.select("tbody tr")
    ]
    assert rows == [
        ["Diagnostics", "Open for entries, 30 days left", "0", "1"],
        ["Medicines", "Open for entries, 30 days left", "1", "0"],
    ]
    bars = [
        [rect["width"] for rect in tr.select("svg rect")]
        for tr in table.select("tbody tr")
    ]
    assert bars == [["0.0", "240.0"], ["240.0", "0.0"]]
    assert table.select_one("svg")["aria-hidden"] == "true"  # the numbers say it


def test_dashboard_panel_only_for_those_who_may_see_entries(client, entries):
    client.force_login(make_staff("Marketing editors", "mark"))
    page = soup_of(client.get("/admin/"))
    assert page.select("[data-entries-summary]") == []
    assert "Entries:" not in page.get_text()


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_panel_query_count_is_fixed(
    programme, entry_form, django_assert_num_queries, count
):
    categories = [
        make_open_category(programme, entry_form, f"c{i}") for i in range(count)
    ]
    for number, category in enumerate(categories):
        entrant = make_entrant(f"entrant{number}@example.org")
        make_draft(entrant, category)
        make_submitted(entrant, category, f"PA27-{number:04d}", NOW)
    entries_panel(now=NOW).render_html({})  # warm Wagtail's site root paths
    # The home page, its programme (and its view restrictions), one aggregate
    # count and the categories.
    with django_assert_num_queries(5):
        html = entries_panel(now=NOW).render_html({})
    assert html.count("<tr>") == count + 1


# Reopen and withdraw in lifecycle.py


def test_a_reopened_entry_keeps_its_reference_when_submitted_again(
    client, entries, django_capture_on_commit_callbacks
):
    entry = entries["submitted"]
    staff = make_staff("Entries team", "emma")
    with django_capture_on_commit_callbacks(execute=True):
        reopen_entry(entry, staff)
    # Other entries were given references since: a new one would be PA27-0008.
    ReferenceSequence.objects.update_or_create(
        prefix="PA27", defaults={"last_number": 7}
    )
    client.force_login(entry.entrant)
    answers = complete_answers(entry.category)
    response = submit_through_check(client, entry, answers)
    assert response["Location"] == reverse("entries:confirmation", args=[entry.pk])
    entry.refresh_from_db()
    assert (entry.status, entry.reference, entry.submitted_at) == (
        Entry.Status.SUBMITTED,
        "PA27-0001",
        NOW,
    )
    assert ReferenceSequence.objects.get(prefix="PA27").last_number == 7
    assert [m.subject for m in mail.outbox] == [
        "Your entry PA27-0001 has been reopened",
        "Entry received: PA27-0001, Diagnostics",
    ]


def test_two_staff_acting_at_once_make_one_change(entries):
    staff = make_staff("Entries team", "emma")
    first, second = (Entry.objects.get(pk=entries["submitted"].pk) for _ in range(2))
    withdraw_entry(first, staff)
    with pytest.raises(EntryRefused) as refused:
        reopen_entry(second, staff)  # loaded before the withdrawal
    assert refused.value.message == "PA27-0001 is now withdrawn."
    assert [action for action, *_ in log_entries(first)] == ["entries.withdraw"]
