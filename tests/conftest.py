"""Shared fixtures: a site tree built from the factories."""

import pytest

from tests import factories


@pytest.fixture
def home(db):
    return factories.make_home()


@pytest.fixture
def programme(home):
    return factories.make_programme(home)


@pytest.fixture
def entry_form(home):
    return factories.make_entry_form(home)
