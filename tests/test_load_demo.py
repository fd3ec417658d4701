"""The demo content that `make run` loads."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from categories.models import CategoryPage, ProgrammePage
from categories.status import CategoryState, category_status
from home.models import HomePage

pytestmark = pytest.mark.django_db


def load() -> None:
    call_command("load_demo", stdout=io.StringIO())


def test_migrate_gives_a_home_page_at_the_site_root():
    """The migrations alone (home/migrations/0002_create_homepage.py) give the
    default site a live HomePage at the root, as Wagtail's project template
    does, and no placeholder page."""
    root = Page.get_first_root_node()
    (home,) = Page.objects.child_of(root).specific()
    assert type(home) is HomePage
    assert (home.title, home.slug, home.live, home.url_path) == (
        "Health Partnership Awards",
        "home",
        True,
        "/home/",
    )
    site = Site.objects.get()
    assert (site.is_default_site, site.root_page_id) == (True, home.pk)
    assert home.get_url() == "/"


def test_load_demo_on_top_of_the_migrations_keeps_their_home_page():
    migrated = HomePage.objects.get()
    load()
    home = HomePage.objects.get()
    assert home.pk == migrated.pk
    assert home.title == "Health Partnership Awards"
    assert ProgrammePage.objects.child_of(home).count() == 2


def test_load_demo_is_idempotent():
    load()
    counts = Page.objects.count()
    load()
    assert Page.objects.count() == counts
    assert HomePage.objects.count() == 1
    assert ProgrammePage.objects.count() == 2
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage


def test_current_programme_shows_every_state_and_every_block():
    load()
    home = HomePage.objects.get()
    current = home.get_current_programme()
    assert current.slug == "awards-2027"
    categories = CategoryPage.objects.child_of(current)
    assert categories.count() >= 8
    states = {category_status(c).state for c in categories}
    assert states == set(CategoryState)
    block_types = {block.block_type for c in categories for block in c.body}
    assert block_types == {
        "intro",
        "how_to_apply",
        "eligibility",
        "criterion",
        "notice",
        "contacts",
    }


def test_past_programme_is_closed():
    load()
    past = ProgrammePage.objects.get(slug="awards-2026")
    states = {category_status(c).state for c in CategoryPage.objects.child_of(past)}
    assert states == {CategoryState.CLOSED}


def test_no_demo_accounts_without_settings(settings, capsys):
    del settings.DEMO_ACCOUNTS
    call_command("load_demo")
    assert "No demo accounts in these settings (production)." in capsys.readouterr().out
    assert not get_user_model().objects.exists()


def test_every_demo_page_renders(client):
    load()
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
