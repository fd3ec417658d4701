"""Shared fixtures: a site tree built from the factories."""

import pytest
import time_machine
from django.core.cache import cache

from base.page_cache import page_cache
from tests import factories
from tests.entries_helpers import make_open_category
from tests.totp import enrol_totp


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no stored pages: its pages reuse earlier addresses."""
    page_cache().clear()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no sign-in counted: allauth counts in the cache,
    and under frozen time its windows never pass."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the authenticator app the admin asks of
    superusers (entries/second_factor.py)."""
    return enrol_totp(admin_user)


@pytest.fixture
def frozen():
    """Time stands still at factories.NOW (Monday 1 March 2027, 12:00 UTC)."""
    with time_machine.travel(factories.NOW, tick=False):
        yield


@pytest.fixture
def home(db):
    return factories.make_home()


@pytest.fixture
def programme(home):
    return factories.make_programme(home)


@pytest.fixture
def entry_form(home):
    return factories.make_entry_form(home)


@pytest.fixture
def entrant():
    """An entrant with a confirmed address (``factories.make_entrant``)."""
    return factories.make_entrant()


@pytest.fixture
def signed_in(client, entrant):
    """The test client, signed in as ``entrant``."""
    client.force_login(entrant)
    return client


@pytest.fixture
def category(programme, entry_form):
    """An open category with one criterion (``entries_helpers.make_open_category``)."""
    return make_open_category(programme, entry_form)
