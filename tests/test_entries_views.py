"""An entry from start to submit: drafts, autosave, two tabs, deadline, submit."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from categories.status import EntryMode
from entries.lifecycle import (
    EntryRefused,
    StaleVersion,
    entry_title,
    save_draft,
    submit_entry,
)
from entries.models import Entry
from tests.entries_helpers import (
    check_url,
    complete_answers,
    impact_key,
    make_draft,
    make_open_category,
    submit_through_check,
)
from tests.factories import NOW, make_category, make_entrant
from tests.totp import enrol_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def draft(entrant, category):
    return make_draft(entrant, category, title="My draft")


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def detail_url(entry) -> str:
    return reverse("entries:detail", args=[entry.pk])


def post_answers(client, entry, answers, action="save", version=None):
    data = {**answers, "action": action, "version": version or entry.version}
    # Run on-commit work (the confirmation email) as a real request would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(detail_url(entry), data)


# Starting an entry


def form_page_url(category) -> str:
    return f"{category.entry_form.url}?category={category.pk}"


def start_url(category) -> str:
    return reverse("entries:start", args=[category.pk])


def test_the_form_page_starts_the_entry_at_its_own_url(signed_in, category):
    page = soup_of(signed_in.get(form_page_url(category)))
    assert page.select_one("main form[method=post]")["action"] == start_url(category)


def test_anonymous_start_goes_to_sign_in_and_back(client, category):
    page = soup_of(client.get(form_page_url(category)))
    links = [a["href"] for a in page.select("main p a")]
    assert f"/accounts/signup/?next=/entry-form/%3Fcategory%3D{category.pk}" in links
    response = client.post(start_url(category))
    assert response.status_code == 302
    assert response["Location"] == (
        f"/accounts/login/?next=/entry-form/%3Fcategory%3D{category.pk}"
    )
    assert not Entry.objects.exists()


def test_start_is_a_post(signed_in, category):
    assert signed_in.get(start_url(category)).status_code == 405
    assert not Entry.objects.exists()


def test_start_creates_one_draft_and_resumes_it(signed_in, entrant, category):
    response = signed_in.post(start_url(category))
    entry = Entry.objects.get()
    assert response["Location"] == detail_url(entry)
    assert (entry.entrant, entry.category, entry.status) == (
        entrant,
        category,
        Entry.Status.DRAFT,
    )
    signed_in.post(start_url(category))
    assert Entry.objects.count() == 1


def test_start_refused_when_closed(signed_in, programme, entry_form):
    closed = make_category(
        programme, "closed", entry_form=entry_form, entry_mode=EntryMode.CLOSED
    )
    response = signed_in.post(start_url(closed), follow=True)
    assert response.status_code == 200
    assert not Entry.objects.exists()
    message = soup_of(response).select_one(".message--error").get_text()
    assert message == (
        "Closed is not open for entries (entries are now closed), so this entry "
        "can no longer be changed or submitted."
    )


@pytest.mark.parametrize("forged", ["999999", "abc", "-1", "", "²"])
def test_start_with_a_forged_category_is_404(signed_in, category, forged):
    response = signed_in.post(f"/entries/start/{forged}/")
    assert response.status_code == 404
    assert not Entry.objects.exists()


# The form


def test_form_shows_every_question_with_guidance_and_limits(signed_in, draft, category):
    page = soup_of(signed_in.get(detail_url(draft)))
    labels = [
        label.get_text(" ", strip=True)
        for label in page.select("[data-question] > label, [data-question] h2 label")
    ]
    assert labels == ["Entry title", "Partner organisations", "Impact"]
    impact = page.select("[data-question]")[2]
    assert [li.get_text() for li in impact.select("details li")] == [
        "Give figures.",
        "Quote patients.",
    ]
    assert impact.select_one("[data-word-count]").get_text() == "0 of 350 words"
    assert page.select_one("[data-answered]").get_text() == "1"
    assert "1 of 3 sections answered" in page.select_one(".summary-list").get_text(
        " ", strip=True
    )
    textarea = impact.select_one("textarea")
    assert textarea["data-word-limit"] == "350"
    assert f"{textarea['id']}-count" in textarea["aria-describedby"]


def test_save_draft_keeps_incomplete_and_over_limit_answers(signed_in, draft, category):
    long_text = "word " * 400
    response = post_answers(
        signed_in, draft, {"title": "", impact_key(category): long_text}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers[impact_key(category)] == long_text
    assert draft.version == 2
    page = soup_of(signed_in.get(detail_url(draft)))
    assert page.select_one(".message").get_text() == "Your entry was saved at 12:00."
    counter = page.select("[data-word-count]")[1]
    assert counter.get_text() == "400 of 350 words: 50 too many"
    assert "word-count--over" in counter["class"]


def test_autosave_returns_the_new_version(signed_in, draft, category):
    url = reverse("entries:autosave", args=[draft.pk])
    response = signed_in.post(url, {"title": "Typed", "version": 1})
    assert response.status_code == 200
    assert response.json() == {
        "version": 2,
        "saved_at": "12:00",
        "answered": 1,
        "total": 3,
    }
    draft.refresh_from_db()
    assert draft.answers["title"] == "Typed"
    assert draft.title == "Typed"


def test_autosave_when_signed_out_says_so_in_json(client, draft):
    url = reverse("entries:autosave", args=[draft.pk])
    response = client.post(url, {"title": "Typed", "version": 1})
    assert response.status_code == 401
    assert response.json()["error"] == "signed_out"
    draft.refresh_from_db()
    assert draft.answers == {"title": "My draft"}


def test_two_tabs_second_save_is_refused_and_both_texts_shown(signed_in, draft):
    first = post_answers(signed_in, draft, {"title": "From tab one"}, version=1)
    assert first.status_code == 302
    second = post_answers(signed_in, draft, {"title": "From tab two"}, version=1)
    assert second.status_code == 409
    page = soup_of(second)
    assert (
        "changed in another tab or window at 12:00:00"
        in page.select_one("[role=alert]").get_text()
    )
    assert page.select_one("#id_title")["value"] == "From tab two"
    assert page.select_one("#id_title-saved").get_text() == "From tab one"
    # The next save from this tab is made knowingly, against the current version.
    assert page.select_one("[data-version]")["value"] == "2"
    draft.refresh_from_db()
    assert draft.answers["title"] == "From tab one"


def test_submit_from_a_stale_tab_is_refused_and_keeps_the_newer_answers(
    signed_in, draft, category
):
    newer = {**complete_answers(category), "title": "Saved in tab one"}
    assert post_answers(signed_in, draft, newer, version=1).status_code == 302
    with time_machine.travel(NOW + timedelta(minutes=3), tick=False):
        stale = {**complete_answers(category), "title": "Submitted from tab two"}
        response = post_answers(signed_in, draft, stale, action="check", version=1)
    assert response.status_code == 409
    assert soup_of(response).select_one("[role=alert] p").get_text(strip=True) == (
        "This entry was changed in another tab or window at 12:00:00, so your "
        "changes here have not been saved. Your text is still below; the saved "
        "text is shown with each answer that differs."
    )
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.answers) == (
        Entry.Status.DRAFT,
        2,
        newer,
    )
    assert mail.outbox == []


def test_submit_entry_says_whether_this_call_submitted(draft, category):
    """A double click or a copy loaded before the first submit: one submission."""
    loaded_before = Entry.objects.get(pk=draft.pk)
    assert submit_entry(draft, complete_answers(category), version=1) is True
    assert submit_entry(draft, complete_answers(category), version=2) is False
    assert submit_entry(loaded_before, complete_answers(category), version=1) is False
    draft.refresh_from_db()
    assert (draft.status, draft.reference, draft.version) == (
        Entry.Status.SUBMITTED,
        "PA27-0001",
        2,
    )


def test_submit_entry_stores_the_answers_it_is_given(draft, category):
    """Callers that do not save first (the API) submit what they send."""
    sent = {**complete_answers(category), "title": "Sent with the submit"}
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        assert submit_entry(draft, sent, version=1) is True
    draft.refresh_from_db()
    assert (draft.answers, draft.title, draft.version) == (
        sent,
        "Sent with the submit",
        2,
    )
    assert draft.submitted_at == draft.updated_at == NOW + timedelta(minutes=5)


@pytest.mark.parametrize(
    ("answers", "title"),
    [({}, ""), ({"title": 42}, "42"), ({"title": "a" * 201}, "a" * 200)],
)
def test_entry_title_is_the_title_answer_cut_to_the_column(answers, title):
    assert entry_title(answers) == title


def test_submit_entry_refuses_withdrawn_and_late_entries(draft, category):
    Entry.objects.filter(pk=draft.pk).update(status=Entry.Status.WITHDRAWN)
    with pytest.raises(EntryRefused, match=r"^This entry has been withdrawn\.$"):
        submit_entry(draft, complete_answers(category), version=1)
    Entry.objects.filter(pk=draft.pk).update(status=Entry.Status.DRAFT)
    late = NOW + timedelta(days=31)  # the programme closes after 30 days
    closed = r"^Open Category is not open for entries \(entries are now closed\)"
    with pytest.raises(EntryRefused, match=closed):
        submit_entry(draft, complete_answers(category), version=1, now=late)
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (Entry.Status.DRAFT, None)


def test_submit_entry_refuses_a_version_saved_over(draft, category):
    """The lifecycle's own check, for callers that do not save first (the API)."""
    newer = {**complete_answers(category), "title": "Saved in tab one"}
    save_draft(draft, newer, version=1)
    with pytest.raises(StaleVersion) as refused:
        submit_entry(draft, complete_answers(category), version=1)
    assert refused.value.current.version == 2
    draft.refresh_from_db()
    assert (draft.status, draft.reference, draft.answers) == (
        Entry.Status.DRAFT,
        None,
        newer,
    )


def test_two_tabs_autosave_conflict(signed_in, draft):
    url = reverse("entries:autosave", args=[draft.pk])
    assert signed_in.post(url, {"title": "Tab one", "version": 1}).status_code == 200
    response = signed_in.post(url, {"title": "Tab two", "version": 1})
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    draft.refresh_from_db()
    assert draft.answers["title"] == "Tab one"


# Submitting


def test_submit_errors_in_a_summary_and_beside_each_field(signed_in, draft, category):
    answers = {"title": "", impact_key(category): "word " * 351}
    response = post_answers(signed_in, draft, answers, action="check")
    assert response.status_code == 400
    page = soup_of(response)
    summary = page.select_one(".error-summary")
    assert [(a.get_text(), a["href"]) for a in summary.select("a")] == [
        ("Enter a title for your entry", "#id_title"),
        ("Enter partner organisations", "#id_partner_organisations"),
        (
            "Impact must be 350 words or fewer: it has 351",
            f"#id_{impact_key(category)}",
        ),
    ]
    beside = page.select_one("#id_title-error").get_text(" ", strip=True)
    assert beside == "Error: Enter a title for your entry"
    assert page.select_one("#id_title")["aria-invalid"] == "true"
    draft.refresh_from_db()
    assert draft.status == Entry.Status.DRAFT
    assert draft.answers[impact_key(category)] == "word " * 351  # the text is kept


def test_submit_locks_the_entry_with_a_reference_and_one_email(
    signed_in, draft, category
):
    response = submit_through_check(signed_in, draft, complete_answers(category))
    assert response["Location"] == reverse("entries:confirmation", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == Entry.Status.SUBMITTED
    assert draft.reference == "PA27-0001"
    assert draft.submitted_at == NOW
    page = soup_of(signed_in.get(response["Location"]))
    assert page.select_one(".reference").get_text() == "PA27-0001"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["entrant@example.org"]
    assert email.subject == f"Entry received: PA27-0001, {category.title}"
    assert "Reference: PA27-0001" in email.body
    assert "<strong>PA27-0001</strong>" in email.alternatives[0][0]
    # Signed with the site's name and address (Settings > Sites), not a host.
    assert email.body.endswith("\n\nHealth Partnership Awards\nhttp://localhost/\n")
    assert (
        '<p>Health Partnership Awards<br><a href="http://localhost/">http://localhost/</a></p>'
        in (email.alternatives[0][0])
    )
    assert draft.confirmation_sent_at is not None

    # Submitting again (a double click, a resent form) changes nothing.
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = signed_in.post(check_url(draft), {"agree": "on", "version": 2})
    assert again["Location"] == detail_url(draft)
    assert len(mail.outbox) == 1
    draft.refresh_from_db()
    assert draft.reference == "PA27-0001"


def test_double_submit_with_the_same_version_makes_one_submission(
    signed_in, draft, category
):
    post_answers(signed_in, draft, complete_answers(category))
    data = {"agree": "on", "version": 2}
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = signed_in.post(check_url(draft), data)
        second = signed_in.post(check_url(draft), data)
    assert first["Location"] == reverse("entries:confirmation", args=[draft.pk])
    assert second["Location"] == detail_url(draft)
    assert "Submitted, reference PA27-0001" in soup_of(
        signed_in.get(second["Location"])
    ).select_one(".summary-list").get_text(" ", strip=True)
    assert len(mail.outbox) == 1
    assert Entry.objects.filter(status=Entry.Status.SUBMITTED).count() == 1


def test_references_count_up(entrant, programme, entry_form, client):
    client.force_login(entrant)
    references = []
    for slug in ("first", "second"):
        category = make_open_category(programme, entry_form, slug=slug)
        entry = make_draft(entrant, category)
        submit_through_check(client, entry, complete_answers(category))
        entry.refresh_from_db()
        references.append(entry.reference)
    assert references == ["PA27-0001", "PA27-0002"]


def test_submit_needs_a_verified_email(client, category):
    make_entrant("verified@example.org")  # someone else's address does not count
    unverified = make_entrant("new@example.org", verified=False)
    client.force_login(unverified)
    draft = make_draft(unverified, category)
    response = submit_through_check(client, draft, complete_answers(category))
    assert response.status_code == 409
    assert soup_of(response).select_one("[role=alert] p").get_text(strip=True) == (
        "Confirm your email address before you submit: use the link in the "
        "email we sent you, or ask for a new one from your account page."
    )
    draft.refresh_from_db()
    assert draft.status == Entry.Status.DRAFT
    assert draft.answers == complete_answers(category)  # saved, not lost


def test_submitted_entry_is_read_only(signed_in, draft, category):
    submit_through_check(signed_in, draft, complete_answers(category))
    page = soup_of(signed_in.get(detail_url(draft)))
    assert page.select("form[data-entry-form]") == []
    answers = [
        s.select_one(".answer__text").get_text(strip=True)
        for s in page.select(".answer")[:3]
    ]
    assert answers == list(complete_answers(category).values())


# The deadline


DEADLINE = NOW + timedelta(hours=1)


@pytest.fixture
def closing_soon(programme, entry_form):
    """Closes an hour after NOW, so that signed-in sessions outlive the deadline."""
    return make_open_category(programme, entry_form, "closing-soon", closes_at=DEADLINE)


@pytest.fixture
def late_draft(entrant, closing_soon):
    return make_draft(entrant, closing_soon, title="My draft")


@pytest.mark.parametrize(
    ("offset", "saved"),
    [(-1, True), (0, False), (1, False)],
    ids=["before", "at", "after"],
)
def test_deadline_second_for_saving(signed_in, late_draft, offset, saved):
    with time_machine.travel(DEADLINE + timedelta(seconds=offset), tick=False):
        response = post_answers(signed_in, late_draft, {"title": "Late words"})
    late_draft.refresh_from_db()
    assert (late_draft.answers.get("title") == "Late words") is saved
    if not saved:
        assert response.status_code == 409
        page = soup_of(response)
        assert "is not open for entries" in page.select_one("[role=alert]").get_text()
        # Not an error page: the unsaved text is shown so it can be copied.
        assert "Late words" in page.get_text()


@pytest.mark.parametrize(
    ("offset", "submitted"), [(-1, True), (0, False)], ids=["before", "at"]
)
def test_deadline_second_for_submitting(
    signed_in, late_draft, closing_soon, offset, submitted
):
    with time_machine.travel(DEADLINE + timedelta(seconds=offset), tick=False):
        answers = complete_answers(closing_soon)
        submit_through_check(signed_in, late_draft, answers)
    late_draft.refresh_from_db()
    assert (late_draft.status == Entry.Status.SUBMITTED) is submitted
    assert len(mail.outbox) == int(submitted)


def test_after_the_deadline_drafts_stay_readable(signed_in, late_draft):
    draft = late_draft
    with time_machine.travel(DEADLINE + timedelta(hours=1), tick=False):
        response = signed_in.get(detail_url(draft))
        autosave = signed_in.post(
            reverse("entries:autosave", args=[draft.pk]), {"title": "x", "version": 1}
        )
    assert response.status_code == 200
    page = soup_of(response)
    assert page.select("form[data-entry-form]") == []
    assert page.select_one(".answer__text").get_text(strip=True) == "My draft"
    assert autosave.status_code == 409
    assert autosave.json()["error"] == "refused"


# Other entrants' entries


@pytest.fixture
def intruder(client):
    other = make_entrant("intruder@example.org")
    client.force_login(other)
    return client


def test_another_entrants_entry_is_404_for_every_action(intruder, draft, category):
    urls = [
        ("get", detail_url(draft), {}),
        (
            "post",
            detail_url(draft),
            {"title": "Mine now", "version": 1, "action": "save"},
        ),
        (
            "post",
            detail_url(draft),
            {**complete_answers(category), "version": 1, "action": "check"},
        ),
        ("get", check_url(draft), {}),
        ("post", check_url(draft), {"agree": "on", "version": 1}),
        (
            "post",
            reverse("entries:autosave", args=[draft.pk]),
            {"title": "x", "version": 1},
        ),
        ("get", reverse("entries:confirmation", args=[draft.pk]), {}),
    ]
    for method, url, data in urls:
        assert getattr(intruder, method)(url, data).status_code == 404, url
    draft.refresh_from_db()
    assert (draft.answers, draft.status, draft.version) == (
        {"title": "My draft"},
        Entry.Status.DRAFT,
        1,
    )


def test_missing_csrf_token_is_refused(entrant, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(entrant)
    response = client.post(detail_url(draft), {"title": "No token", "version": 1})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.answers == {"title": "My draft"}


@pytest.mark.parametrize("version", ["", "abc", "-3", "99"])
def test_forged_version_is_a_conflict_not_an_error(signed_in, draft, version):
    response = signed_in.post(
        detail_url(draft), {"title": "Forged", "version": version, "action": "save"}
    )
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.answers == {"title": "My draft"}


# My entries


def test_my_entries_lists_only_mine_with_deadline_and_action(
    signed_in, entrant, draft, category
):
    other = make_entrant("other@example.org")
    make_draft(other, category, title="Not mine")
    page = soup_of(signed_in.get(reverse("entries:list")))
    rows = [
        [" ".join(td.get_text(" ", strip=True).split()) for td in tr.select("td")]
        for tr in page.select("tbody tr")
    ]
    assert rows == [
        [
            "My draft",
            "Open Category Open for entries",
            "Draft",
            "Wednesday 31 March 2027, 1pm 30 days left",
            "Continue My draft",
        ]
    ]


def test_my_entries_needs_sign_in(client):
    response = client.get(reverse("entries:list"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/entries/"


def test_a_category_with_entries_cannot_be_deleted_in_the_admin(
    client, draft, category
):
    admin = enrol_totp(
        get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    )
    client.force_login(admin)
    delete_url = reverse("wagtailadmin_pages:delete", args=[category.pk])
    response = client.post(delete_url, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted: 1 entry belongs to it" in response.content.decode()
    assert type(category).objects.filter(pk=category.pk).exists()


# Session, user, the entry with its category and forms, the form's questions,
# the programme (the deadline), then the conditional UPDATE in its savepoint.
AUTOSAVE_QUERIES = 8


def test_autosave_runs_a_fixed_number_of_queries(
    signed_in, draft, django_assert_num_queries
):
    url = reverse("entries:autosave", args=[draft.pk])

    def save(version):
        return signed_in.post(
            url,
            {"title": f"Save {version}", "version": version},
            HTTP_ACCEPT="application/json",
        )

    assert save(1).json()["version"] == 2  # warms Wagtail's cache of sites
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        assert save(2).json()["version"] == 3
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Save 2", 3)
