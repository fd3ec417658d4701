"""Generated content for the benchmark: one programme of 200 open categories.

Run by ``bench/run.py`` against its own throw-away database, with the settings
the server will use: ``python -m bench.content OUT.json``. Writes the addresses
to load and, for each entrant, what the autosave load needs: a signed-in
session, a CSRF token, the entry and its answer keys.
"""

import json
import secrets
import sys
from datetime import timedelta

import django


def build(categories: int = 200, entrants: int = 32) -> dict:
    """Create the site and return what ``run.py`` needs to drive it."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils import timezone
    from wagtail.models import Page, Site

    from categories.models import CategoryPage, ProgrammePage
    from entries.models import Entry, EntryFormField, EntryFormPage
    from entries.questions import entry_questions
    from home import demo_content
    from home.models import HomePage

    root = Page.get_first_root_node()
    placeholder = ContentType.objects.get_for_model(Page)
    Page.objects.child_of(root).filter(content_type=placeholder).delete()
    home = root.add_child(instance=HomePage(slug="home", **demo_content.HOME))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home},
    )
    form = home.add_child(
        instance=EntryFormPage(slug="entry-form", **demo_content.ENTRY_FORM)
    )
    for order, question in enumerate(demo_content.ENTRY_QUESTIONS):
        EntryFormField.objects.create(page=form, sort_order=order, **question)

    now = timezone.now()
    programme = home.add_child(
        instance=ProgrammePage(
            slug="awards-bench",
            title="Health Partnership Awards (benchmark)",
            intro=demo_content.CURRENT_PROGRAMME["intro"],
            opens_at=now - timedelta(days=30),
            closes_at=now + timedelta(days=30),
            contacts=[{"type": "contacts", "value": demo_content.PROGRAMME_CONTACTS}],
        )
    )
    template = demo_content.CURRENT_PROGRAMME["categories"][0]
    pages = []
    for number in range(1, categories + 1):
        pages.append(
            programme.add_child(
                instance=CategoryPage(
                    slug=f"category-{number:03d}",
                    title=f"{template['title']} {number}",
                    summary=template["summary"],
                    entry_form=form,
                    body=demo_content.category_body(
                        {k: v for k, v in template.items() if k != "see_also"}, {}
                    ),
                )
            )
        )
    home.current_programme = programme
    home.save()

    people = []
    User = get_user_model()
    for number in range(entrants):
        email = f"entrant{number:02d}@bench.example.org"
        user = User.objects.create_user(username=email, email=email)
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        category = pages[number % len(pages)]
        entry = Entry.objects.create(entrant=user, category=category, entry_form=form)
        # Signed in as the site would: the session Django's login() writes.
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        people.append(
            {
                "entry": entry.pk,
                "version": entry.version,
                "session": session.session_key,
                # An unmasked secret is a valid token for its own cookie.
                "csrf": secrets.token_hex(16),
                "keys": [q.key for q in entry_questions(form, category)],
            }
        )

    middle = pages[len(pages) // 2]
    return {
        "home": "/",
        "programme": programme.url,
        "category": middle.url,
        "api_listing": "/api/v2/pages/?type=categories.CategoryPage"
        f"&child_of={programme.pk}&fields=summary,entry_state",
        "api_detail": f"/api/v2/pages/{middle.pk}/",
        "static": staticfiles_storage.url("css/site.css"),
        "entrants": people,
    }


def set_deadline(closes_at: str, count: int = 20) -> list[str]:
    """Give the last ``count`` categories their own deadline, ``closes_at``
    (ISO 8601), published as an editor would; their addresses."""
    from datetime import datetime

    from categories.models import CategoryPage

    pages = list(CategoryPage.objects.live().order_by("-path")[:count])
    for page in pages:
        page.closes_at = datetime.fromisoformat(closes_at)
        page.save_revision().publish()
    return [page.url for page in pages]


def final_answers(entries: list[int]) -> dict[int, tuple[int, dict]]:
    """Each entry's version and answers, as saved (for run.py's check)."""
    from entries.models import Entry

    return {e.pk: (e.version, e.answers) for e in Entry.objects.filter(pk__in=entries)}


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "build":
        from django.db import transaction

        with transaction.atomic():
            data = build()
        with open(sys.argv[2], "w") as out:
            json.dump(data, out)
    elif sys.argv[1] == "deadline":
        json.dump(set_deadline(sys.argv[2]), sys.stdout)
    elif sys.argv[1] == "check":
        entries = json.load(sys.stdin)
        json.dump(final_answers(entries), sys.stdout)
