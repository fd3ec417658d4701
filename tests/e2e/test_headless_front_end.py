"""The example front end (examples/headless/), served from a second loopback
origin, completes the entry journey against the live site: CORS with
credentials and CSRF on, trusting that origin only."""

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from entries.models import EntrantProfile, Entry
from tests.e2e.test_visitor_journey import assert_accessible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FRONT_END = settings.BASE_DIR / "examples" / "headless"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def front_end():
    """examples/headless/ on 127.0.0.1 at a port of its own: another origin."""
    handler = functools.partial(QuietHandler, directory=str(FRONT_END))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # "localhost", as the live server is named: the same site, another origin.
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_example_front_end_completes_the_journey(page, demo, front_end, settings):
    settings.CORS_ALLOWED_ORIGINS = [front_end]
    settings.CSRF_TRUSTED_ORIGINS = [front_end]
    page.goto(f"{front_end}/?site={demo}")
    choose = page.get_by_role(
        "button", name="Enter Diagnostics and Devices Partnership"
    )
    expect(choose).to_be_visible()
    assert_accessible(page)

    choose.click()
    expect(page.get_by_role("status")).to_have_text(
        "To enter Diagnostics and Devices Partnership, create an account first."
    )
    page.get_by_label("Email address", exact=True).fill("ada@example.org")
    page.get_by_label("Password", exact=True).fill("a long passphrase 42")
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Organisation").fill("Analytical NHS Trust")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_have_text(
        "We have emailed you a link. Paste it below to confirm your address."
    )
    profile = EntrantProfile.objects.get(user__email="ada@example.org")
    assert profile.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION

    link = re.search(r"http\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    page.get_by_label("The link or code from the email").fill(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile("Your entry"))
    ).to_have_text("Your entry: Diagnostics and Devices Partnership")
    assert_accessible(page)

    entry = Entry.objects.get(entrant__email="ada@example.org")
    for field in page.locator("#questions textarea, #questions input").all():
        field.fill("Waits fell from six weeks to nine days.")
    expect(page.locator("#saved")).to_contain_text("answered")
    page.get_by_label("I agree to the declaration").check()
    page.get_by_role("button", name="Submit entry").click()
    expect(page.get_by_role("heading", name="Entry submitted")).to_be_visible()
    entry.refresh_from_db()
    assert entry.status == "submitted"
    expect(page.locator("#reference")).to_have_text(entry.reference)
    assert entry.answers and set(entry.answers.values()) == {
        "Waits fell from six weeks to nine days."
    }
    assert_accessible(page)
