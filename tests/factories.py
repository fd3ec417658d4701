"""Small builders for the page tree that tests need: real pages, no mocks."""

import copy
from datetime import UTC, datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, Site

from categories.models import CategoryPage, ProgrammePage
from entries.models import EntrantProfile, EntryFormField, EntryFormPage
from home.models import HomePage

# A fixed "now" for the state tests: Monday 1 March 2027, 12:00 UTC (GMT).
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)

CONTACTS = {
    "heading": "Contacts",
    "people": [
        {
            "role": "Entry enquiries",
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "phone": "020 7946 0001",
        }
    ],
}

EVERY_BLOCK = [
    {"type": "intro", "value": "<p>An intro for <b>partners</b>.</p>"},
    {
        "type": "how_to_apply",
        "value": {
            "steps": ["Register.", "Start your entry.", "Submit it."],
            "note": "<p>Good luck.</p>",
        },
    },
    {
        "type": "eligibility",
        "value": {
            "heading": "Eligibility",
            "items": ["Open to NHS partners.", "Work from the last two years."],
            "note": "<p>Ask us if unsure.</p>",
        },
    },
    {
        "type": "criterion",
        "value": {
            "title": "Impact",
            "description": "<p>The difference made.</p>",
            "guidance": ["Give figures.", "Quote patients."],
            "word_limit": 350,
        },
    },
    {
        "type": "notice",
        "value": {"text": "<p>See the other category.</p>", "link": None},
    },
    {"type": "contacts", "value": CONTACTS},
]


def make_home() -> HomePage:
    """The home page as the default site's root: the one the migrations made
    (home/migrations/0002_create_homepage.py), or a new one where a test
    emptied the database (a transactional test flushes the migrations' rows)."""
    home = HomePage.objects.first()
    if home is not None:
        home.title = "Awards"
        home.save()
    else:
        root = Page.get_first_root_node()
        placeholder = ContentType.objects.get_for_model(Page)
        Page.objects.child_of(root).filter(content_type=placeholder).delete()
        home = HomePage(title="Awards", slug="home")
        root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


def make_programme(home, slug="awards-2027", opens_at=None, closes_at=None, **fields):
    """A live programme open from NOW - 30 days to NOW + 30 days by default."""
    programme = ProgrammePage(
        title=fields.pop("title", f"Programme {slug}"),
        slug=slug,
        opens_at=opens_at or NOW - timedelta(days=30),
        closes_at=closes_at or NOW + timedelta(days=30),
        contacts=fields.pop("contacts", [{"type": "contacts", "value": CONTACTS}]),
        **fields,
    )
    home.add_child(instance=programme)
    return programme


def make_entry_form(parent, slug="entry-form") -> EntryFormPage:
    """An entry form with one common question."""
    form = EntryFormPage(title="Enter", slug=slug)
    parent.add_child(instance=form)
    EntryFormField.objects.create(
        page=form,
        label="Partner organisations",
        field_type="multiline",
        required=True,
        word_limit=50,
    )
    return form


def make_category(programme, slug="category", **fields) -> CategoryPage:
    """A live category; defaults to open mode with the programme's window."""
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("summary", f"Summary of {slug}")
    # A copy: Wagtail gives each block of the list it is handed an id.
    fields["body"] = copy.deepcopy(fields.get("body", []))
    category = CategoryPage(slug=slug, **fields)
    programme.add_child(instance=category)
    return category


def make_entrant(
    email="entrant@example.org",
    verified=True,
    password="correct horse 42",
    full_name="Grace Hopper",
    organisation="Example NHS Trust",
):
    """An entrant account with a profile; its email verified unless told not."""
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=password
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    EntrantProfile.objects.create(
        user=user,
        full_name=full_name,
        organisation=organisation,
        privacy_consented_at=timezone.now(),
        privacy_notice_version="2026-11",
    )
    return user
