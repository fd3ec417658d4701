"""A member of the entries team signs in to the admin, finds an entry, exports."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from categories.models import CategoryPage
from tests.e2e.conftest import without_demo_entries
from tests.e2e.test_second_factor import staff_sign_in
from tests.e2e.test_visitor_journey import assert_accessible
from tests.entries_helpers import make_draft, make_staff, make_submitted
from tests.factories import make_entrant
from tests.totp import TOTP_SECRET

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "staff passphrase 42"  # make_staff's
DIAGNOSTICS = "Diagnostics and Devices Partnership"


@pytest.fixture
def entries(demo):
    """Two entries in the demo's Diagnostics category and one in Medicines."""
    without_demo_entries()
    diagnostics = CategoryPage.objects.get(slug="diagnostics-partnership")
    medicines = CategoryPage.objects.get(slug="medicines-partnership")
    ada = make_entrant(
        "ada@example.org", full_name="Ada Lovelace", organisation="Analytical Engines"
    )
    grace = make_entrant("grace@example.org")
    submitted = make_submitted(
        ada,
        diagnostics,
        "PA27-0001",
        diagnostics.get_programme().opens_at,
        title="Scans closer to home",
        organisations_in_the_partnership="Example Trust and Scan Co",
    )
    formula = make_draft(grace, diagnostics, title="=cmd|' /C calc'!A0")
    make_draft(grace, medicines, title="Medicines at home")
    return {"submitted": submitted, "formula": formula}


def test_entries_team_filters_inspects_and_exports(page, demo, entries):
    make_staff("Entries team", "emma")
    staff_sign_in(page, demo, "emma", TOTP_SECRET)

    # The dashboard's panel: the current programme's entries per category.
    row = page.locator("[data-entries-summary]").get_by_role("row", name=DIAGNOSTICS)
    # State, drafts, submitted (and the bar, which has no text).
    expect(row.get_by_role("cell")).to_have_text(
        [re.compile(r"^Open for entries, \d+ days left$"), "1", "1", ""]
    )
    assert_accessible(page)

    page.get_by_role("link", name="Entries", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Entries")
    expect(page.locator("table.listing tbody tr")).to_have_count(3)

    page.get_by_role(
        "link", name=f"{DIAGNOSTICS} (Health Partnership Awards 2027)"
    ).click()
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.locator("td.field-category_title")).to_have_text(
        [DIAGNOSTICS, DIAGNOSTICS]
    )
    list_url = page.url
    assert_accessible(page)

    page.get_by_role("link", name="PA27-0001", exact=True).click()
    expect(
        page.get_by_role("heading", level=2, name="Scans closer to home")
    ).to_be_visible()
    answer = page.locator("[data-answer=organisations_in_the_partnership]")
    expect(answer).to_contain_text("Example Trust and Scan Co")
    assert_accessible(page)

    page.goto(list_url)
    page.get_by_role("button", name="More actions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    exported = download.value
    assert re.fullmatch(r"entries-\d{4}-\d\d-\d\d\.csv", exported.suggested_filename)
    # utf-8-sig: the file starts with a byte order mark, for Excel.
    text = Path(exported.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[:3] + row[5:8] for row in rows] == [
        ["Reference", "Title", "Entrant", "Category", "Programme", "Status"],
        [
            f"Draft {entries['formula'].pk}",
            "'=cmd|' /C calc'!A0",
            "Grace Hopper",
            DIAGNOSTICS,
            "Health Partnership Awards 2027",
            "Draft",
        ],
        [
            "PA27-0001",
            "Scans closer to home",
            "Ada Lovelace",
            DIAGNOSTICS,
            "Health Partnership Awards 2027",
            "Submitted",
        ],
    ]
