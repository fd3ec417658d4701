"""Limits that hold: page passwords can't be guessed without end, sign-out
needs a POST, and the counters are shared by every process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.entries_helpers import make_open_category, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def restricted(programme, entry_form):
    category = make_open_category(programme, entry_form)
    restriction = PageViewRestriction.objects.create(
        page=category, restriction_type=PageViewRestriction.PASSWORD, password="opal"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{category.pk}/"
    return category, url


def guess(url, password, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(
        url, {"password": password, "return_url": "/"}
    )


def test_wrong_page_passwords_are_limited_per_address(restricted):
    category, url = restricted
    for _ in range(5):
        response = guess(url, "wrong")
        assert response.status_code == 200
        assert "The password you have entered is not correct" in (
            response.content.decode()
        )
    # The sixth, even right, is refused for a while.
    response = guess(url, "opal")
    assert response.status_code == 429
    # Someone else, elsewhere, still gets in.
    response = guess(url, "opal", address="198.51.100.9")
    assert (response.status_code, response["Location"]) == (302, "/")


def test_wrong_page_passwords_are_limited_per_page_from_everywhere(
    restricted, settings
):
    settings.PAGE_PASSWORD_RATE_LIMITS = {"page_password": "100/m/ip,3/h/key"}
    category, url = restricted
    for n in range(3):
        assert guess(url, "wrong", address=f"203.0.113.{n}").status_code == 200
    assert guess(url, "opal", address="203.0.113.50").status_code == 429


def test_a_right_page_password_counts_nothing(restricted):
    category, url = restricted
    for _ in range(8):
        assert guess(url, "opal").status_code == 302


def test_signing_out_of_the_admin_needs_a_post(home):
    client = Client()
    client.force_login(make_staff("Entries team", "emma"))
    response = client.get("/admin/logout/")
    assert response.status_code == 405
    # No cookie deleted, and still signed in.
    assert "sessionid" not in response.cookies
    assert client.get("/admin/").status_code == 200
    response = client.post("/admin/logout/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert response.cookies["sessionid"].value == ""
    assert client.get("/admin/").status_code == 302


CONSUME = """
import django
django.setup()
from allauth.core.ratelimit import consume
from django.test import RequestFactory
request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
print(sum(consume(request, action="reset_password", key="a@example.org")
          for _ in range(3)))
"""


def test_limits_hold_across_processes_without_redis(tmp_path):
    # Two processes, as two gunicorn workers, on the production settings with
    # no Redis: allauth's five resets a minute for one address, in all.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
    }
    # The table comes with the migrations (base/migrations/0001_cache_table.py).
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "base", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    allowed = [
        subprocess.run(
            [sys.executable, "-c", CONSUME],
            cwd=BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        for _ in range(2)
    ]
    assert allowed == ["3", "2"]
