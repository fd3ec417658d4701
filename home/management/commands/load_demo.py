"""Load the demo site: a home page, two programmes, categories, staff accounts,
and a judging round with a demo judge.

Idempotent: pages are found by slug and updated, so running it again leaves one
copy of everything. Entry windows are set relative to today, so that the current
programme always shows every entry state.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from base.address import sync_default_site
from categories.models import CategoryPage, ProgrammePage
from categories.status import EntryMode
from entries.models import EntryFormField, EntryFormPage
from home import demo_content
from home.models import HomePage
from judging.demo import load_demo_judging

LONDON = ZoneInfo("Europe/London")


def london(days_from_today: int, hour: int) -> datetime:
    """A moment ``days_from_today`` days from today at ``hour``:00 UK time."""
    day = timezone.localdate(timezone=LONDON) + timedelta(days=days_from_today)
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def upsert_child(parent: Page, model, slug: str, **fields) -> Page:
    """Create or update the ``model`` page ``slug`` under ``parent``, and publish it."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


class Command(BaseCommand):
    help = "Create or refresh the demo content (safe to run more than once)."

    @transaction.atomic
    def handle(self, *args, **options):
        home = self.load_home()
        entry_form = self.load_entry_form(home)
        current = self.load_programme(
            home, demo_content.CURRENT_PROGRAMME, entry_form, opens=-21, closes=45
        )
        self.load_programme(
            home, demo_content.PAST_PROGRAMME, entry_form, opens=-420, closes=-330
        )
        home.current_programme = current
        home.save_revision().publish()
        accounts = self.load_accounts()
        if "Judges" in accounts:
            # The demo round judges the first category (its entries are made).
            category = CategoryPage.objects.child_of(current).order_by("path").first()
            load_demo_judging(current, category.specific, accounts["Judges"])
            self.stdout.write(
                "Judging: a Shortlisting round on "
                f"{category.title}, at /judging/ for the demo judge"
            )
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))

    def load_home(self) -> HomePage:
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            # Wagtail's migrations make a placeholder "Welcome" page; replace it.
            placeholder = ContentType.objects.get_for_model(Page)
            Page.objects.child_of(root).filter(content_type=placeholder).delete()
            home = HomePage(slug="home", **demo_content.HOME)
            root.add_child(instance=home)
        else:
            for name, value in demo_content.HOME.items():
                setattr(home, name, value)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"root_page": home, "site_name": settings.WAGTAIL_SITE_NAME},
        )
        # At the address the site is served at (SITE_URL; `make run`'s own).
        sync_default_site()
        return home

    def load_entry_form(self, home: HomePage) -> EntryFormPage:
        form = upsert_child(
            home, EntryFormPage, "entry-form", **demo_content.ENTRY_FORM
        )
        form.form_fields.all().delete()
        for order, question in enumerate(demo_content.ENTRY_QUESTIONS):
            EntryFormField.objects.create(page=form, sort_order=order, **question)
        return form

    def load_programme(self, home, content, entry_form, opens, closes) -> ProgrammePage:
        programme = upsert_child(
            home,
            ProgrammePage,
            content["slug"],
            title=content["title"],
            intro=content["intro"],
            opens_at=london(opens, 9),
            closes_at=london(closes, 17),
            contacts=[{"type": "contacts", "value": demo_content.PROGRAMME_CONTACTS}],
        )
        slugs = {}
        for category in content["categories"]:
            own_window = category.get("window", {})
            page = upsert_child(
                programme,
                CategoryPage,
                category["slug"],
                title=category["title"],
                summary=category["summary"],
                is_new=category.get("is_new", False),
                entry_mode=category.get("mode", EntryMode.OPEN),
                opens_at=own_window.get("opens") and london(own_window["opens"], 9),
                closes_at=own_window.get("closes") and london(own_window["closes"], 17),
                invitation_note=category.get("invitation_note", ""),
                entry_form=entry_form,
                body=demo_content.category_body(category, slugs),
            )
            slugs[category["slug"]] = page.pk
        return programme

    def load_accounts(self) -> dict:
        """One account per role (``settings.DEMO_ACCOUNTS``), each in that
        role's group alone, and print how to sign in; the users by role.
        Judges are not staff: they use the judging area, not the admin."""
        accounts = getattr(settings, "DEMO_ACCOUNTS", None)
        if not accounts:
            self.stdout.write("No demo accounts in these settings (production).")
            return {}
        users = {}
        User = get_user_model()
        for group_name, account in accounts.items():
            user, _ = User.objects.get_or_create(
                username=account["username"],
                defaults={
                    "email": f"{account['username']}@example.com",
                    "first_name": "Demo",
                },
            )
            user.set_password(account["password"])
            user.is_staff = group_name != "Judges"
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            # Confirmed, as allauth's sign-in (the admin's too) requires.
            EmailAddress.objects.update_or_create(
                user=user,
                email=user.email,
                defaults={"verified": True, "primary": True},
            )
            self.stdout.write(
                f"{group_name}: {account['username']} / {account['password']} "
                "(development only)"
            )
            users[group_name] = user
        return users
