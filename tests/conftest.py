"""Shared fixtures: a site tree built from the factories."""

import pytest

from categories.page_cache import page_cache
from tests import factories


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no stored pages: its pages reuse earlier addresses."""
    page_cache().clear()


@pytest.fixture
def home(db):
    return factories.make_home()


@pytest.fixture
def programme(home):
    return factories.make_programme(home)


@pytest.fixture
def entry_form(home):
    return factories.make_entry_form(home)
