"""Content for the two-host test, created with the hosts' own settings.

``python -m tests.hosts_content OUT.json``: the demo programme, two entrants,
a third entrant with a draft ready to submit, a marketing editor and an
entries-team member, all with passwords; writes what
the test needs to find them.
"""

import io
import json
import sys

import django

PASSWORD = "two hosts passphrase 42"


def build() -> dict:
    """Load the demo and create the accounts; return ids, paths and sign-ins."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from categories.models import CategoryPage
    from categories.status import category_status
    from entries.models import Entry
    from entries.questions import entry_questions

    call_command("load_demo", stdout=io.StringIO())
    User = get_user_model()

    def account(email, group=None):
        user = User.objects.create_user(username=email, email=email, password=PASSWORD)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return email

    category = next(
        page
        for page in CategoryPage.objects.live().specific()
        if category_status(page).state == "open"
    )
    mary = account("mary@example.org")
    # Mary's draft answers every question, ready for "Agree and submit".
    answers = {
        question.key: "Waits fell from six weeks to nine days."
        for question in entry_questions(category.entry_form, category)
    }
    ready = Entry.objects.create(
        entrant=User.objects.get(email=mary),
        category=category,
        entry_form=category.entry_form,
        answers=answers,
        title=answers.get("title", ""),
    )
    return {
        "category": {"id": category.pk, "path": category.url, "title": category.title},
        "entrants": [account("ada@example.org"), account("grace@example.org")],
        "ready": {"entrant": mary, "entry": ready.pk, "version": ready.version},
        "editor": account("editor@awards.example.org", "Marketing editors"),
        "staff": account("staff@awards.example.org", "Entries team"),
        "password": PASSWORD,
    }


if __name__ == "__main__":
    django.setup()
    from django.db import transaction

    with transaction.atomic():
        data = build()
    with open(sys.argv[1], "w") as out:
        json.dump(data, out)
