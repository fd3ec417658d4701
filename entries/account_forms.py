"""allauth's forms, as the site needs them: sign-up that costs the same
whether the address is taken or new, and a sign-in field named for people.

(Apart from ``forms.py``: allauth's forms module imports the profile form
there, ``ACCOUNT_SIGNUP_FORM_CLASS``, so this one cannot live beside it.)
"""

from allauth.account.forms import LoginForm, SignupForm
from django.contrib.auth.hashers import make_password
from django.utils.crypto import get_random_string


class EvenSignupForm(SignupForm):
    """Sign-up that takes as long for a taken address as for a new one.

    A new account hashes its password, most of what a sign-up costs (a third
    of a second with the production hasher); a taken address only sends an
    email. The page says the same either way, but the time would tell who has
    an account. So the taken path hashes a password too: one hash each.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(get_random_string(32))
        return super().try_save(request)


class EmailOrUsernameLoginForm(LoginForm):
    """allauth's sign-in, its one name field labelled for what it takes:
    entrants sign in by email, staff by username or email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email or username"
        self.fields["login"].widget.attrs["placeholder"] = ""
