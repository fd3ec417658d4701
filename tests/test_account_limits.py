"""Accounts, second round: a lockout holds for the account under any of its
names, one limited password reset for everyone, and sign-up costs the same
for a taken address as for a new one."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.entries_helpers import make_staff
from tests.factories import make_entrant
from tests.hashers import CountingHasher

pytestmark = pytest.mark.django_db

PASSWORD = "staff passphrase 42"  # make_staff's


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff2(home):
    return make_staff("Entries team", "staff2")


SIGN_IN = "/accounts/login/"  # the admin's too (/admin/login/ leads here)
# Where a right password leads staff with an authenticator app: its code.
SECOND_FACTOR = "/accounts/2fa/authenticate/"


def fail_admin_sign_ins(settings, name):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"login": name, "password": "x"})


def assert_refused(client, response):
    """Not signed in: django-axes' lock-out page (429), or allauth's form
    saying so (its own limit answers first on some names)."""
    assert response.status_code in (200, 429)
    assert "Too many" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("failed_as", "then_as"),
    [
        ("staff2", "staff2@awards.example.org"),
        ("staff2", "STAFF2@Awards.Example.org"),
        ("staff2@awards.example.org", "staff2"),
        ("Staff2", "staff2"),
    ],
)
def test_an_admin_lockout_holds_under_every_name_of_the_account(
    settings, staff2, failed_as, then_as
):
    fail_admin_sign_ins(settings, failed_as)
    client = Client()
    response = client.post(SIGN_IN, {"login": then_as, "password": PASSWORD})
    assert_refused(client, response)


def test_a_lockout_holds_on_django_admins_authentication_too(settings, staff2):
    # Any authenticate() call, whatever form made it, is counted by axes.
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    fail_admin_sign_ins(settings, "staff2")
    request = RequestFactory().post("/django-admin/login/")
    user = authenticate(
        request, username="staff2@awards.example.org", password=PASSWORD
    )
    assert user is None


def test_a_lockout_does_not_spill_onto_another_account(settings, staff2):
    make_staff("Entries team", "staff3")
    fail_admin_sign_ins(settings, "staff2")
    response = Client().post(
        SIGN_IN, {"login": "staff3@awards.example.org", "password": PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, SECOND_FACTOR)


def test_an_over_long_name_is_counted_not_a_server_error(settings, staff2):
    client = Client(raise_request_exception=False)
    response = client.post(SIGN_IN, {"login": "x" * 3000, "password": "x"})
    assert response.status_code == 200
    assert "The username and/or password you specified are not correct." in (
        response.content.decode()
    )


def test_names_of_nobody_are_counted_as_typed(settings, staff2):
    fail_admin_sign_ins(settings, "nobody")
    response = Client().post(SIGN_IN, {"login": "staff2", "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, SECOND_FACTOR)


def test_wagtails_password_reset_goes_to_the_limited_one(client, staff2):
    for path in (
        "/admin/password_reset/",
        "/admin/password_reset/done/",
        "/admin/password_reset/confirm/MQ/set-password/",
    ):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (
            302,
            "/accounts/password/reset/",
        ), path
    response = client.post("/admin/password_reset/", {"email": staff2.email})
    assert response.status_code == 302
    assert mail.outbox == []
    # The sign-in page (the admin's too) links the limited one.
    login = client.get("/admin/login/", follow=True).content.decode()
    assert 'href="/accounts/password/reset/"' in login


def test_staff_reset_their_password_through_allauth_within_its_limit(client, staff2):
    url = reverse("account_reset_password")
    for _ in range(5):
        assert client.post(url, {"email": staff2.email}).status_code == 302
    assert [m.to for m in mail.outbox] == [[staff2.email]] * 5
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    # allauth's limit: five a minute for one address.
    response = client.post(url, {"email": staff2.email})
    assert response.status_code == 429
    assert len(mail.outbox) == 5


SIGN_UP = {
    "password1": "a long and unusual passphrase",
    "password2": "a long and unusual passphrase",
    "full_name": "Someone",
    "organisation": "Somewhere",
    "privacy_consent": "on",
}


def hashes_for_sign_up(email: str) -> int:
    before = CountingHasher.hashed
    response = Client().post(reverse("account_signup"), {**SIGN_UP, "email": email})
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/confirm-email/",
    )
    return CountingHasher.hashed - before


def test_sign_up_hashes_as_often_for_a_taken_address_as_for_a_new_one(settings, home):
    settings.PASSWORD_HASHERS = ["tests.hashers.CountingHasher"]
    make_entrant("taken@example.org")
    new = hashes_for_sign_up("new@example.org")
    taken = hashes_for_sign_up("taken@example.org")
    assert new == taken == 1
    assert (
        get_user_model().objects.filter(email__iexact="taken@example.org").count() == 1
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "new@example.org",
        "taken@example.org",
    ]


def test_an_invalid_sign_up_hashes_nothing_either_way(settings, home):
    settings.PASSWORD_HASHERS = ["tests.hashers.CountingHasher"]
    make_entrant("taken@example.org")
    counts = []
    for email in ("new@example.org", "taken@example.org"):
        before = CountingHasher.hashed
        response = Client().post(
            reverse("account_signup"), {**SIGN_UP, "email": email, "password2": "no"}
        )
        assert response.status_code == 200
        counts.append(CountingHasher.hashed - before)
    assert counts == [0, 0]
