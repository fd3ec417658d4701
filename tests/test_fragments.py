"""The parts of a category page kept for every visitor (``base/fragments.py``).

A signed-in visitor is never served a cached page, but the page's body and
state panel come from the fragment cache: they must never be older than what
an anonymous visitor sees.
"""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup

from base.page_cache import HIT_HEADER
from tests.factories import NOW, make_category

SECOND = timedelta(seconds=1)
# The programme's contacts, which the category inherits (factories.CONTACTS).
CONTACTS = "Contacts Entry enquiries Ada Lovelace ada@example.org 020 7946 0001"

BODY = [{"type": "intro", "value": "<p>Partnerships that cut waits.</p>"}]


@pytest.fixture
def category(programme, entry_form):
    return make_category(programme, "open-one", entry_form=entry_form, body=BODY)


def seen(client, page) -> tuple[str, str]:
    """(the state panel's label, the body's words) as a visitor sees them."""
    response = client.get(page.url)
    assert response.status_code == 200
    assert HIT_HEADER not in response or client.session.session_key is None
    soup = BeautifulSoup(response.content, "html.parser")
    label = soup.select_one(".status__label").get_text(strip=True)
    body = " ".join(soup.select_one(".category__body").get_text(" ").split())
    return label, body


def test_a_publish_shows_to_signed_in_and_anonymous_visitors_at_once(
    client, programme, category, entrant
):
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(entrant)
    with time_machine.travel(NOW, tick=False):
        before = seen(signed_in, category)
        assert before == (
            "Open for entries",
            f"Partnerships that cut waits. {CONTACTS}",
        )
        assert seen(client, category) == before
        # The same again: from the fragment cache (signed in) and the page cache.
        assert seen(signed_in, category) == before

        category.body = [{"type": "intro", "value": "<p>Now judged by patients.</p>"}]
        category.save_revision().publish()
        after = ("Open for entries", f"Now judged by patients. {CONTACTS}")
        assert seen(signed_in, category) == after
        assert seen(client, category) == after


def test_the_state_panel_changes_at_the_deadline_for_signed_in_visitors(
    client, programme, category, entrant
):
    from django.test import Client

    signed_in = Client()
    with time_machine.travel(programme.closes_at - 10 * SECOND, tick=False):
        signed_in.force_login(entrant)
        assert seen(signed_in, category)[0] == "Open for entries"
        assert seen(client, category)[0] == "Open for entries"
    with time_machine.travel(programme.closes_at, tick=False):
        assert seen(signed_in, category)[0] == "Closed"
        assert seen(client, category)[0] == "Closed"
