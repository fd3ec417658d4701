"""The client's address behind proxies: one setting, PROXY_COUNT, for axes,
allauth's rate limits and the logs; forged X-Forwarded-For entries never count."""

import logging
from datetime import timedelta

import pytest
import time_machine
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from base.client_ip import client_address
from base.middleware import ClientAddressFilter
from tests.factories import make_entrant
from tests.proxy import Visitor, reverse_proxy

PASSWORD = "a long and unusual passphrase"


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        # No proxy: the connection's address, whatever the header says.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        (0, "203.0.113.7", None, "203.0.113.7"),
        # One proxy: the entry it appended, the last; forged ones before it.
        (1, "10.0.0.2", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.2", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.2", "1.1.1.1,2.2.2.2 , 203.0.113.7", "203.0.113.7"),
        # Two proxies: the second from the right.
        (2, "10.0.0.3", "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        # Fewer entries than proxies, none, or garbage where the client's
        # address should be: only the connection is known.
        (2, "10.0.0.3", "203.0.113.7", "10.0.0.3"),
        (1, "10.0.0.2", None, "10.0.0.2"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "203.0.113.7, not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, count, remote, forwarded, expected):
    settings.PROXY_COUNT = count
    assert client_address(request_from(remote, forwarded)) == expected


def test_axes_and_allauth_ask_the_same_rule(settings):
    settings.PROXY_COUNT = 1
    request = request_from("10.0.0.2", "198.51.100.1, 203.0.113.7")
    assert get_client_ip_address(request) == "203.0.113.7"
    assert get_adapter(request).get_client_ip(request) == "203.0.113.7"
    settings.PROXY_COUNT = 0
    assert get_client_ip_address(request) == "10.0.0.2"
    assert get_adapter(request).get_client_ip(request) == "10.0.0.2"


@pytest.mark.django_db
def test_the_access_log_names_the_client(client, settings, caplog, home):
    settings.PROXY_COUNT = 1
    caplog.set_level(logging.INFO, logger="awards.access")
    client.get("/?a=1", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    [record] = [r for r in caplog.records if r.name == "awards.access"]
    assert (record.getMessage(), record.client_ip) == ("GET /?a=1 200", "5.6.7.8")


def test_request_errors_in_the_log_name_the_client(settings):
    # django.request's records (404s, 500s) carry the request.
    settings.PROXY_COUNT = 1
    record = logging.makeLogRecord(
        {"msg": "Not Found: /x/", "request": request_from("10.0.0.2", "5.6.7.8")}
    )
    assert ClientAddressFilter().filter(record)
    assert record.client_ip == "5.6.7.8"


@pytest.fixture
def behind_a_proxy(live_server, settings):
    """The live server with one proxy before it, and PROXY_COUNT set to match."""
    settings.PROXY_COUNT = 1
    cache.clear()
    with reverse_proxy(live_server.url) as proxy:
        yield proxy
    cache.clear()


# Serialized rollback, as the browser tests: the migrations' rows (groups,
# content types) are put back for the tests after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_attacker_behind_the_proxy_locks_out_only_themselves(
    behind_a_proxy, settings
):
    boss = get_user_model().objects.create_superuser(
        "boss", "boss@example.org", PASSWORD
    )
    EmailAddress.objects.create(user=boss, email=boss.email, verified=True)
    # The attacker sends a forged X-Forwarded-For, a new one each time, to the
    # admin's sign-in (allauth's form).
    attacker = Visitor(behind_a_proxy, "127.0.0.2")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        attacker.forged = f"198.51.100.{attempt}"
        status, _, page = attacker.post_form(
            "/accounts/login/", {"login": "boss", "password": "wrong"}
        )
    assert status == 429
    assert "Too many attempts to sign in" in page
    # Locked out, forged header or not, right password or not.
    attacker.forged = "198.51.100.200"
    status, _, page = attacker.post_form(
        "/accounts/login/", {"login": "boss", "password": PASSWORD}
    )
    assert "Too many" in page
    assert "sessionid" not in attacker.cookies

    # allauth's own limit on the account (five failures in five minutes,
    # from anywhere) holds for everyone, briefly. Once it has passed, the real
    # boss, from another address through the same proxy, gets in, while
    # django-axes keeps the attacker's address locked out (15 minutes).
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        real = Visitor(behind_a_proxy, "127.0.0.3")
        status, headers, _ = real.post_form(
            "/accounts/login/", {"login": "boss", "password": PASSWORD}
        )
        assert (status, headers["Location"]) == (302, "/entries/")
        status, _, page = attacker.post_form(
            "/accounts/login/", {"login": "boss", "password": PASSWORD}
        )
        assert (status, "Too many attempts to sign in" in page) == (429, True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_allauths_limit_per_address_holds_behind_the_proxy(behind_a_proxy):
    make_entrant(password=PASSWORD)
    # allauth: 10 failed sign-ins a minute from one address.
    attacker = Visitor(behind_a_proxy, "127.0.0.2")
    refusals = []
    for attempt in range(11):
        attacker.forged = f"198.51.100.{attempt}"
        _, _, page = attacker.post_form(
            "/accounts/login/",
            {"login": f"someone{attempt}@example.org", "password": "wrong"},
        )
        refusals.append("Too many failed login attempts" in page)
    assert refusals == [False] * 10 + [True]
    entrant = Visitor(behind_a_proxy, "127.0.0.3")
    status, headers, _ = entrant.post_form(
        "/accounts/login/", {"login": "entrant@example.org", "password": PASSWORD}
    )
    assert (status, headers["Location"]) == (302, "/entries/")
