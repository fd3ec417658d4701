"""allauth's emails speak in the site's voice, as the entries' emails do."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Site

from tests.factories import make_entrant
from tests.test_entries_accounts import signup_data

pytestmark = pytest.mark.django_db

# allauth's own wording, which none of the site's emails may use.
ALLAUTH_PHRASES = [
    "Hello from",
    "Thank you for using",
    "You're receiving this email",
    "You are receiving this",
    "Sign Up",
    "Verify Your Email",
    "Email Confirmation",
    "Password Reset",
    "username",
    "user ",
]
SIGNATURE = "\n\nAwards of the year\nhttps://awards.example.org/"


@pytest.fixture(autouse=True)
def named_site(home):
    cache.clear()  # allauth counts attempts in the cache
    Site.objects.filter(is_default_site=True).update(
        site_name="Awards of the year", hostname="awards.example.org", port=443
    )
    yield
    cache.clear()


def entrant_with_username(email):
    user = make_entrant(email=email)
    user.username = "amira.khan"  # entrants never chose it: no email shows it
    user.save()


def assert_in_site_voice(email):
    for phrase in ALLAUTH_PHRASES:
        assert phrase not in email.subject
        assert phrase not in email.body
    assert email.body.endswith(SIGNATURE)


def test_the_sign_up_email_asks_to_confirm_in_the_site_voice(client):
    client.post(reverse("account_signup"), signup_data())
    (email,) = mail.outbox
    assert email.subject == "Confirm your email address to finish registering"
    assert email.body.startswith("Thank you for registering with Awards of the year.")
    assert re.search(
        r"open this link:\nhttps://awards.example.org/accounts/confirm-email/\S+/\n",
        email.body,
    )
    assert_in_site_voice(email)


def test_registering_a_taken_address_says_so_only_to_its_owner(client):
    entrant_with_username("taken@example.org")
    client.post(reverse("account_signup"), signup_data(email="taken@example.org"))
    (email,) = mail.outbox
    assert email.to == ["taken@example.org"]
    assert email.subject == "You already have an account"
    assert email.body.startswith(
        "Someone, we hope you, tried to register on Awards of the year with this "
        "email address, taken@example.org, but you already have an account."
    )
    assert "amira.khan" not in email.body
    assert "/accounts/password/reset/" in email.body
    assert_in_site_voice(email)


def test_the_password_reset_email_names_no_username(client):
    entrant_with_username("entrant@example.org")
    client.post(reverse("account_reset_password"), {"email": "entrant@example.org"})
    (email,) = mail.outbox
    assert email.subject == "Reset your password"
    assert email.body.startswith(
        "We were asked to reset the password of your account on Awards of the year."
    )
    assert "/accounts/password/reset/key/" in email.body
    assert "amira.khan" not in email.body
    assert_in_site_voice(email)


def test_a_reset_for_an_unknown_address_reads_the_same_at_a_glance(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    (email,) = mail.outbox
    assert email.subject == "Reset your password"
    assert "for this email address, nobody@example.org, but no account uses it" in (
        email.body
    )
    assert "/accounts/signup/" in email.body
    assert_in_site_voice(email)


def test_changing_the_email_address_confirms_the_new_one(client):
    user = make_entrant(email="entrant@example.org", password="a long passphrase 1")
    client.force_login(user)
    client.post(
        reverse("account_email"), {"action_add": "", "email": "new@example.org"}
    )
    (email,) = mail.outbox
    assert email.to == ["new@example.org"]
    assert email.subject == "Confirm your email address"
    assert email.body.startswith(
        "Someone, we hope you, asked to use this email address for an account on "
        "Awards of the year."
    )
    assert_in_site_voice(email)
