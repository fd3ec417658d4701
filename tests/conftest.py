"""Shared fixtures: a site tree built from the factories."""

import pytest
import time_machine

from tests import factories


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
