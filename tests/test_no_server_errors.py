"""Every URL pattern the project has, with hostile input: never a 5xx.

The patterns are walked from Django's URL resolver (the site's, Wagtail's
admin and API, allauth's, Django's admin), so a new view is covered without
being listed here. Each pattern's parameters are filled with hostile values
(Unicode digits, twenty-digit ids, NUL, over-long text, paths, bytes that are
not UTF-8), and requests carry hostile query strings and bodies (odd
charsets, bad JSON, forms of junk), by every method, signed out, as an
entrant and as staff. Requests go through ``config.wsgi.application``, as
gunicorn sends them (``tests/wsgi_helpers.py``).

Two passes: a sweep that gives every pattern every hostile value, and a
Hypothesis search over the combinations.
"""

import itertools
import re
from urllib.parse import quote, urlencode

import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from entries.models import Entry, EntryDocument
from tests.entries_helpers import make_draft, make_open_category
from tests.factories import (
    NOW,
    make_entrant,
    make_entry_form,
    make_home,
    make_programme,
)
from tests.totp import enrol_totp
from tests.wsgi_helpers import wsgi_request

# Values for a URL's parameters and for query and form fields, percent-encoded
# where they go into a path. "%ff" is a byte that is not UTF-8.
HOSTILE = [
    "²",
    "٣",
    "9" * 20,
    "-1",
    "abc",
    "\x00",
    "x" * 3000,
    "..%2F..%2Fetc",
    "%ff",
    "0",
]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
# Names the site's views and Wagtail's read from query strings and forms.
FIELD_NAMES = [
    "category",
    "programme",
    "version",
    "action",
    "offset",
    "limit",
    "p",
    "q",
    "next",
    "export",
    "status__exact",
    "o",
    "id",
    "child_of",
    "type",
    "fields",
    "search",
    "locale",
    "site",
    "ordering",
    "page",
    "login",
    "password",
    "email",
]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/json",
    "multipart/form-data; boundary=hostile",
    "text/plain; charset=rot13",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/json; charset=nonsense",
]
PARAMETER = re.compile(r"<(?:\w+:)?\w+>")


def fill_regex(regex: str, value: str) -> str:
    """A path a regex pattern matches, with ``value`` in each group."""
    out, depth, i = [], 0, 0
    while i < len(regex):
        character = regex[i]
        if character == "\\":
            if depth == 0:
                out.append(regex[i + 1])
            i += 2
            continue
        if character == "(":
            if depth == 0:
                out.append(value)
            depth += 1
        elif character == ")":
            depth -= 1
        elif depth == 0 and regex.startswith(".*", i):
            out.append(value)
            i += 1
        elif depth == 0 and character not in "^$?":
            out.append(character)
        i += 1
    return "".join(out)


def url_patterns(patterns=None, prefix=""):
    """Every pattern the site has, as (its text, a function value -> path)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            yield text


def path_for(pattern: str, value: str) -> str:
    """``pattern`` (route or regex text, concatenated) with ``value`` filled in."""
    parts = re.split(r"(\^[^^]*)", pattern)
    path = "".join(
        fill_regex(part, value) if part.startswith("^") else part for part in parts
    )
    return "/" + PARAMETER.sub(value, path.lstrip("/"))


def quoted(value: str) -> str:
    """``value`` for a path: percent-encoded unless it already is."""
    return value if "%" in value else quote(value, safe="")


def form_body(value: str, action: str) -> bytes:
    """A form whose every field the views read holds ``value``."""
    fields = {name: value for name in FIELD_NAMES}
    fields["action"] = action
    return urlencode(fields).encode("utf-8", "surrogatepass")


def body_for(content_type: str, value: str) -> bytes:
    """A hostile body of the given type."""
    if content_type.startswith("application/json"):
        return b'{"title": ' + value.encode("utf-8", "surrogatepass") + b", ["
    if content_type.startswith("multipart"):
        return (
            b'--hostile\r\nContent-Disposition: form-data; name="documents"; '
            b'filename="../../x.pdf"\r\n\r\n%PDF-' + value.encode() + b"\r\n--host"
        )
    return form_body(value, value)


def refused_at_the_door(response) -> bool:
    """True if the request never reached the view's handling of its input."""
    location = response.headers.get("Location", "")
    return response.status in (401, 403, 404, 405) or "login" in location


PATTERNS = sorted(set(url_patterns()))


class EveryUrlTest(TestCase):
    """Signed out, an entrant and a superuser, against every pattern."""

    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(NOW, tick=False):
            programme = make_programme(make_home())
            category = make_open_category(programme, make_entry_form(programme))
            entrant = make_entrant()
            # The category, the entry and its document share one id, so that
            # a pattern filled with it reaches a real object whatever it names.
            cls.real_id = str(category.pk)
            entry = make_draft(entrant, category, title="Original")
            Entry.objects.filter(pk=entry.pk).update(id=category.pk)
            EntryDocument.objects.create(
                pk=category.pk,
                entry_id=category.pk,
                file=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n"),
                original_name="x.pdf",
                content_type="application/pdf",
                size=15,
            )
            staff = enrol_totp(
                get_user_model().objects.create_superuser(
                    "boss", "boss@example.org", "staff passphrase 42"
                )
            )
            cls.sessions = {"signed out": {}}
            for name, user in (("entrant", entrant), ("staff", staff)):
                client = Client()
                client.force_login(user)
                cls.sessions[name] = {"sessionid": client.cookies["sessionid"].value}

    def setUp(self):
        self.failures = []

    def send(self, who, method, path, query, content_type, value, body=None):
        if body is None:
            body = b"" if method in ("GET", "HEAD") else body_for(content_type, value)
        # Each request in a savepoint rolled back after: a sign-out or a
        # deletion by one request changes nothing for the next.
        with transaction.atomic():
            response = wsgi_request(
                method,
                path,
                query=query,
                body=body,
                content_type=content_type if body else "",
                cookies=self.sessions[who],
                headers={"Accept": "text/html,application/json"},
            )
            transaction.set_rollback(True)
        if response.status >= 500:
            self.failures.append(
                (who, method, path[:100], query[:100], content_type, response.status)
            )
        return response

    def test_the_walk_finds_every_part_of_the_site(self):
        texts = "\n".join(PATTERNS)
        for part in (
            "entries/<id:pk>/autosave/",
            "admin/pages/<int:page_id>/edit/",
            "admin/^entries/inspect/(?P<instance_pk>",
            "api/v2/",
            "accounts/login/",
            "django-admin/",
            "_util/authenticate_with_password/",
        ):
            assert part in texts, part
        assert len(PATTERNS) > 250

    def test_every_pattern_gets_every_hostile_value(self):
        # Every hostile value in every pattern's parameters, with a hostile
        # query and body; who asks, and how, turns round.
        whos = itertools.cycle(self.sessions)
        methods = itertools.cycle(METHODS)
        names = itertools.cycle(FIELD_NAMES)
        content_types = itertools.cycle(CONTENT_TYPES)
        with time_machine.travel(NOW, tick=False):
            for pattern in PATTERNS:
                if not (PARAMETER.search(pattern) or "^" in pattern):
                    continue
                for value in HOSTILE:
                    self.send(
                        next(whos),
                        next(methods),
                        path_for(pattern, quoted(value)),
                        f"{next(names)}={quoted(value)}",
                        next(content_types),
                        value,
                    )
        assert self.failures == []

    def test_every_reachable_view_gets_every_hostile_field(self):
        # Each pattern with a real object's id (or with none), by each user:
        # where the view gets as far as reading its input, every hostile
        # value in every query and form field it may read.
        with time_machine.travel(NOW, tick=False):
            for pattern in PATTERNS:
                path = path_for(pattern, self.real_id)
                for who, method in itertools.product(self.sessions, ("GET", "POST")):
                    for i, value in enumerate(HOSTILE):
                        actions = [value, f"remove-document-{value}"]
                        query = "&".join(f"{n}={quoted(value)}" for n in FIELD_NAMES)
                        response = self.send(
                            who,
                            method,
                            path,
                            query if method == "GET" else "",
                            "application/x-www-form-urlencoded",
                            value,
                            body=None
                            if method == "GET"
                            else form_body(value, actions[i % 2]),
                        )
                        if refused_at_the_door(response):
                            break
        assert self.failures == []

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(
        pattern=st.sampled_from(PATTERNS),
        who=st.sampled_from(["signed out", "entrant", "staff"]),
        method=st.sampled_from(METHODS),
        # REAL: the id of the category, entry and document that exist.
        value=st.one_of(st.sampled_from([*HOSTILE, "REAL"]), st.text(max_size=30)),
        query=st.dictionaries(
            st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)),
            st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)),
            max_size=3,
        ),
        content_type=st.sampled_from(CONTENT_TYPES),
    )
    def test_hostile_combinations(
        self, pattern, who, method, value, query, content_type
    ):
        self.failures = []
        filling = self.real_id if value == "REAL" else quoted(value)
        path = path_for(pattern, filling)
        with time_machine.travel(NOW, tick=False):
            self.send(who, method, path, urlencode(query), content_type, value)
        assert self.failures == []
