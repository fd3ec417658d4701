"""Fuzzing the entry form and the API: whatever arrives, no 500 and no stray write."""

from urllib.parse import quote

import time_machine
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from entries.models import Entry
from tests.entries_helpers import impact_key, make_draft, make_open_category
from tests.factories import (
    NOW,
    make_entrant,
    make_entry_form,
    make_home,
    make_programme,
)

FUZZ = settings(max_examples=40, deadline=None, derandomize=True)

# Any text, control characters and NULs included; sometimes long.
junk = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=20_000),
    st.sampled_from(["", "0", "-1", "1e9", "null", "[]", "{}", "../../etc", "%00"]),
)


class EntryFormFuzzTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(NOW, tick=False):
            programme = make_programme(make_home())
            cls.category = make_open_category(programme, make_entry_form(programme))
            cls.entrant = make_entrant()
            cls.entry = make_draft(cls.entrant, cls.category, title="Original")

    def setUp(self):
        self.traveller = time_machine.travel(NOW, tick=False)
        self.traveller.start()
        self.addCleanup(self.traveller.stop)
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.entrant)

    def unchanged(self) -> bool:
        entry = Entry.objects.get(pk=self.entry.pk)
        return (entry.title, entry.version, entry.status) == (
            "Original",
            1,
            Entry.Status.DRAFT,
        )

    @FUZZ
    @given(title=junk, impact=junk, version=junk)
    def test_autosave(self, title, impact, version):
        url = reverse("entries:autosave", args=[self.entry.pk])
        data = {"title": title, impact_key(self.category): impact, "version": version}
        response = self.client.post(url, data, HTTP_ACCEPT="application/json")
        assert response.status_code in (200, 400, 409), response.status_code
        assert response["Content-Type"] == "application/json"
        if response.status_code != 200:
            assert self.unchanged()

    @FUZZ
    @given(
        title=junk,
        impact=junk,
        version=st.one_of(junk, st.just("1")),
        action=st.one_of(junk, st.sampled_from(["save", "check", "upload"])),
    )
    def test_entry_form(self, title, impact, version, action):
        url = reverse("entries:detail", args=[self.entry.pk])
        data = {
            "title": title,
            impact_key(self.category): impact,
            "version": version,
            "action": action,
        }
        response = self.client.post(url, data)
        assert response.status_code in (302, 400, 409), response.status_code
        if response.status_code != 302:
            entry = Entry.objects.get(pk=self.entry.pk)
            assert entry.status == Entry.Status.DRAFT
            if response.status_code == 409:
                assert self.unchanged()

    @FUZZ
    @given(agree=junk, version=st.one_of(junk, st.just("1")))
    def test_check_page(self, agree, version):
        url = reverse("entries:check", args=[self.entry.pk])
        response = self.client.post(url, {"agree": agree, "version": version})
        # The draft lacks required answers: the form comes back, and nothing
        # is submitted or saved.
        assert response.status_code == 400, response.status_code
        assert self.unchanged()

    @FUZZ
    @given(category=junk)
    def test_start_entry(self, category):
        url = self.category.entry_form.url
        for response in (
            self.client.get(url, {"category": category}),
            self.client.post(f"/entries/start/{quote(category, safe='')}/"),
        ):
            assert response.status_code < 500
        assert Entry.objects.count() == 1

    def test_a_huge_request_is_refused(self):
        url = reverse("entries:detail", args=[self.entry.pk])
        response = self.client.post(url, {"title": "x" * 3_000_000, "version": "1"})
        assert response.status_code == 400
        assert self.unchanged()


class ApiFuzzTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(NOW, tick=False):
            programme = make_programme(make_home())
            make_open_category(programme, make_entry_form(programme))

    @FUZZ
    @given(
        name=st.one_of(
            st.sampled_from(
                [
                    "type",
                    "fields",
                    "child_of",
                    "entry_state",
                    "order",
                    "limit",
                    "offset",
                    "search",
                    "id",
                    "slug",
                    "locale",
                    "site",
                ]
            ),
            st.text(max_size=20),
        ),
        value=junk,
        path=st.sampled_from(
            [
                "/api/v2/pages/",
                "/api/v2/pages/find/",
                "/api/v2/images/",
                "/api/v2/documents/",
                "/api/v2/pages/?type=categories.CategoryPage",
            ]
        ),
    )
    def test_api_queries(self, name, value, path):
        client = Client(raise_request_exception=False)
        response = client.get(path, {name: value})
        assert response.status_code < 500, (path, name, value, response.status_code)
        if response.status_code != 302:
            assert response["Content-Type"] == "application/json"
