"""Programme export and import: the document, the round trip, and every refusal."""

import copy
import io
import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from categories.exchange import DocumentError, export_programme, import_programme
from categories.models import CategoryPage, ProgrammePage
from categories.status import EntryMode
from entries.models import DEFAULT_DECLARATION, EntryFormPage
from home.models import HomePage
from tests.factories import (
    CONTACTS,
    EVERY_BLOCK,
    NOW,
    make_category,
    make_entry_form,
    make_programme,
)

# The factories' blocks as a document has them. (Wagtail adds an "id" to each of
# EVERY_BLOCK's dicts when a page is made with them.)
BLOCKS = [
    {"type": block["type"], "value": copy.deepcopy(block["value"])}
    for block in EVERY_BLOCK
]


# The factories' entry form as a document has it.
ENTRY_FORM = {
    "path": "/entry-form/",
    "title": "Enter",
    "intro": "",
    "declaration": DEFAULT_DECLARATION,
    "questions": [
        {
            "label": "Partner organisations",
            "field_type": "multiline",
            "required": True,
            "choices": "",
            "default_value": "",
            "help_text": "",
            "word_limit": 50,
        }
    ],
}


def document_for(entry_form_path="/entry-form/") -> dict:
    """The document of the ``site`` fixture's programme, written out by hand."""
    return copy.deepcopy(
        {
            "version": 1,
            "slug": "awards-2027",
            "title": "Awards 2027",
            "search_description": "A year of awards.",
            "intro": "<p>Enter <b>now</b>.</p>",
            "opens_at": "2027-01-30T12:00:00Z",
            "closes_at": "2027-03-31T13:00:00+01:00",
            "contacts": [CONTACTS],
            "entry_forms": [ENTRY_FORM],
            "categories": [
                {
                    "slug": "full",
                    "title": "Full",
                    "search_description": "",
                    "summary": "Every block.",
                    "is_new": True,
                    "entry_mode": "open",
                    "opens_at": None,
                    "closes_at": "2027-04-10T13:00:00+01:00",
                    "invitation_note": "",
                    "entry_form": entry_form_path,
                    "body": [
                        *BLOCKS[:4],
                        {
                            "type": "notice",
                            "value": {
                                "text": "<p>Medicines? Go to the next one.</p>",
                                "link": "/awards-2027/medicines/",
                            },
                        },
                        BLOCKS[5],
                    ],
                },
                {
                    "slug": "medicines",
                    "title": "Medicines",
                    "search_description": "",
                    "summary": "For medicines.",
                    "is_new": False,
                    "entry_mode": "open",
                    "opens_at": "2027-02-01T09:00:00Z",
                    "closes_at": None,
                    "invitation_note": "",
                    "entry_form": entry_form_path,
                    "body": [
                        {"type": "intro", "value": "<p>Medicines.</p>"},
                        {
                            "type": "notice",
                            "value": {
                                "text": "<p>Or back.</p>",
                                "link": "/awards-2027/full/",
                            },
                        },
                    ],
                },
                {
                    "slug": "judges-pick",
                    "title": "Judges' pick",
                    "search_description": "",
                    "summary": "Chosen by the judges.",
                    "is_new": False,
                    "entry_mode": "invitation",
                    "opens_at": None,
                    "closes_at": None,
                    "invitation_note": "From the winners.",
                    "entry_form": None,
                    "body": [],
                },
            ],
        }
    )


@pytest.fixture
def site(home, entry_form):
    """A programme with an open category linking forward, one linking back, and
    an invitation-only one."""
    programme = make_programme(
        home,
        title="Awards 2027",
        search_description="A year of awards.",
        intro="<p>Enter <b>now</b>.</p>",
    )
    full = make_category(
        programme,
        "full",
        title="Full",
        summary="Every block.",
        is_new=True,
        entry_form=entry_form,
        closes_at=NOW + timedelta(days=40),
        body=EVERY_BLOCK,
    )
    medicines = make_category(
        programme,
        "medicines",
        title="Medicines",
        summary="For medicines.",
        entry_form=entry_form,
        opens_at=NOW - timedelta(days=28, hours=3),
        body=[
            {"type": "intro", "value": "<p>Medicines.</p>"},
            {"type": "notice", "value": {"text": "<p>Or back.</p>", "link": full.pk}},
        ],
    )
    body = list(full.body.raw_data)
    body[4]["value"] = {
        "text": "<p>Medicines? Go to the next one.</p>",
        "link": medicines.pk,
    }
    full.body = body
    full.save()
    make_category(
        programme,
        "judges-pick",
        title="Judges' pick",
        summary="Chosen by the judges.",
        entry_mode=EntryMode.INVITATION,
        invitation_note="From the winners.",
    )
    return programme


def site_state() -> tuple[int, int]:
    """What an import would change: how many pages and revisions there are."""
    return Page.objects.count(), Revision.objects.count()


# --- Export ----------------------------------------------------------------


def test_export_is_the_content_schema_with_page_paths(site):
    assert export_programme(site) == document_for()


def test_export_command_to_stdout_and_to_a_file(site, capsys, tmp_path):
    call_command("export_programme", "awards-2027")
    assert json.loads(capsys.readouterr().out) == document_for()
    target = tmp_path / "programme.json"
    call_command("export_programme", "awards-2027", output=str(target))
    assert json.loads(target.read_text()) == document_for()


def test_export_of_an_unknown_programme(site):
    with pytest.raises(CommandError, match="There is no programme with the slug 'x'."):
        call_command("export_programme", "x")


# --- Round trip ------------------------------------------------------------


def test_export_import_into_an_empty_site_export_again(site, tmp_path, capsys):
    call_command("export_programme", "awards-2027", output=str(tmp_path / "a.json"))
    old_ids = set(CategoryPage.objects.values_list("pk", flat=True))
    site.delete()  # the site is now a home page and its entry form
    assert not ProgrammePage.objects.exists()

    call_command("import_programme", str(tmp_path / "a.json"), publish=True)
    assert capsys.readouterr().out == (
        "Imported awards-2027: 3 categories created, 0 updated, published.\n"
    )
    call_command("export_programme", "awards-2027", output=str(tmp_path / "b.json"))
    assert (tmp_path / "b.json").read_text() == (tmp_path / "a.json").read_text()

    # New pages, live, with the links pointing at each other's new ids.
    programme = ProgrammePage.objects.get(slug="awards-2027")
    full, medicines, judges = CategoryPage.objects.child_of(programme).order_by("path")
    assert programme.live and full.live and medicines.live and judges.live
    assert not {full.pk, medicines.pk} & old_ids
    assert full.body[4].value["link"].pk == medicines.pk
    assert medicines.body[1].value["link"].pk == full.pk


def test_entry_forms_travel_with_the_document(site, entry_form):
    """A site without the entry form gets it, questions and all, from the
    document; a form the site already has is left as it is."""
    document = export_programme(site)
    site.delete()
    entry_form.delete()

    programme, counts = import_programme(document, HomePage.objects.get())
    assert counts == {"created": 3, "updated": 0}
    form = EntryFormPage.objects.get()
    assert (form.url_path, form.title, form.live) == (
        "/home/entry-form/",
        "Enter",
        False,
    )
    assert list(
        form.form_fields.values_list("label", "field_type", "required", "word_limit")
    ) == [("Partner organisations", "multiline", True, 50)]
    assert export_programme(programme) == document

    # Imported again, over the form an editor has since changed: left alone.
    form.title = "Enter (edited)"
    form.save_revision().publish()
    document["entry_forms"][0]["title"] = "Enter (from the file)"
    import_programme(document, HomePage.objects.get(), publish=True)
    form = EntryFormPage.objects.get()
    assert form.title == "Enter (edited)"
    assert form.form_fields.count() == 1


def test_a_new_entry_form_under_the_programme_is_published_with_it(home):
    document = document_for("/awards-2027/form/")
    document["entry_forms"][0]["path"] = "/awards-2027/form/"
    programme, _ = import_programme(document, home, publish=True)
    form = EntryFormPage.objects.get()
    assert form.get_parent().pk == programme.pk
    assert form.live
    full = CategoryPage.objects.get(slug="full")
    assert full.entry_form_id == form.pk
    assert full.get_entry_url() == f"/awards-2027/form/?category={full.pk}"


def test_a_fresh_install_takes_an_exported_document(site, tmp_path):
    """`migrate` on an empty database, then `import_programme` of an exported
    document: no load_demo, no page made by hand (issue 12)."""
    exported = tmp_path / "awards-2027.json"
    call_command("export_programme", "awards-2027", output=str(exported))
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    assert manage("migrate", "--no-input", "-v0").returncode == 0
    imported = manage("import_programme", str(exported), "--publish")
    assert (imported.returncode, imported.stderr) == (0, "")
    assert imported.stdout == (
        "Imported awards-2027: 3 categories created, 0 updated, published.\n"
    )
    again = manage("export_programme", "awards-2027")
    assert json.loads(again.stdout) == json.loads(exported.read_text())


def test_import_without_publish_saves_drafts(home, entry_form):
    programme, counts = import_programme(document_for(), home)
    assert counts == {"created": 3, "updated": 0}
    assert not programme.live
    assert not CategoryPage.objects.live().exists()
    assert export_programme(programme) == document_for()


def test_import_updates_by_slug_and_leaves_other_categories(home, site, entry_form):
    extra = make_category(site, "extra", entry_mode=EntryMode.CLOSED)
    document = document_for()
    document["title"] = "Awards 2027 (revised)"
    document["categories"][1]["summary"] = "For medicines, revised."
    document["categories"].append(
        {"slug": "new-one", "title": "New one", "summary": "New.", "entry_form": None}
    )
    document["categories"][-1]["entry_mode"] = "closed"

    programme, counts = import_programme(document, home, publish=True)
    assert counts == {"created": 1, "updated": 3}
    assert programme.pk == site.pk
    assert ProgrammePage.objects.get(pk=site.pk).title == "Awards 2027 (revised)"
    slugs = list(
        CategoryPage.objects.child_of(site)
        .order_by("path")
        .values_list("slug", "summary")
    )
    assert slugs == [
        ("full", "Every block."),
        ("medicines", "For medicines, revised."),
        ("judges-pick", "Chosen by the judges."),
        ("extra", extra.summary),
        ("new-one", "New."),
    ]


def test_import_without_publish_leaves_the_live_pages_alone(home, site):
    document = document_for()
    document["categories"][0]["title"] = "Full (draft)"
    import_programme(document, home)
    full = CategoryPage.objects.get(slug="full")
    assert full.title == "Full"
    assert full.get_latest_revision_as_object().title == "Full (draft)"
    assert export_programme(site)["categories"][0]["title"] == "Full (draft)"


def test_body_from_the_api_keeps_its_block_ids(home, entry_form):
    document = document_for()
    block_id = "4d3c2b1a-0000-4000-8000-000000000001"
    document["categories"][2]["body"] = [
        {"type": "intro", "value": "<p>Hi.</p>", "id": block_id}
    ]
    import_programme(document, home)
    judges = CategoryPage.objects.get(
        slug="judges-pick"
    ).get_latest_revision_as_object()
    assert [(block.id, block.value.source) for block in judges.body] == [
        (block_id, "<p>Hi.</p>")
    ]


def test_import_from_standard_input(home, entry_form, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(document_for())))
    call_command("import_programme", "-")
    assert (
        "3 categories created, 0 updated, saved as drafts." in capsys.readouterr().out
    )


# --- Refusals ----------------------------------------------------------------


def change(path: str, value):
    """A function setting ``path`` (e.g. "categories.0.title") in a document."""

    def apply(document):
        *parents, last = path.split(".")
        target = document
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is DELETE:
            del target[int(last) if last.isdigit() else last]
        elif last.isdigit() and int(last) == len(target):
            target.append(value)
        elif last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return apply


DELETE = object()
TYPES = "intro, how_to_apply, eligibility, criterion, notice, contacts"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (change("title", DELETE), "title: missing"),
        (change("categories.1.title", DELETE), "categories[1].title: missing"),
        (change("categories.2.title", 7), "categories[2].title: must be text"),
        (
            change("categories.1.slug", "full"),
            "categories[1].slug: 'full' is also the slug of categories[0]",
        ),
        (
            change("categories.0.body.1.type", "video"),
            f"categories[0].body[1].type: unknown block type 'video'; "
            f"expected one of: {TYPES}",
        ),
        (
            change("categories.0.body.3.value.word_limit", "400"),
            "categories[0].body[3].value.word_limit: must be a whole number",
        ),
        (
            change("categories.0.body.3.value.word_limit", 2.5),
            "categories[0].body[3].value.word_limit: must be a whole number",
        ),
        (
            change("categories.0.body.3.value.word_limit", 0),
            "categories[0].body[3].value.word_limit: "
            "Ensure this value is greater than or equal to 1.",
        ),
        (
            change("categories.0.body.3.value.guidance", "Give figures."),
            "categories[0].body[3].value.guidance: must be a list",
        ),
        (
            change("categories.0.body.3.value.guidance.1", ["nested"]),
            "categories[0].body[3].value.guidance[1]: must be text",
        ),
        (
            change("categories.0.body.3.value.title", ""),
            "categories[0].body[3].value.title: This field is required.",
        ),
        (
            change("categories.0.body.3.value.score", 5),
            "categories[0].body[3].value.score: unknown field",
        ),
        (
            change("categories.0.body.1.value.steps", []),
            "categories[0].body[1].value.steps: The minimum number of items is 1",
        ),
        (
            change("categories.0.body.2", "text"),
            "categories[0].body[2]: must be an object",
        ),
        (
            change("categories.0.body.4.value.link", "/awards-2027/nowhere/"),
            "categories[0].body[4].value.link: "
            "no page at /awards-2027/nowhere/ on the site or in the document",
        ),
        (
            change("categories.0.body.4.value.link", 12),
            "categories[0].body[4].value.link: must be text",
        ),
        (
            change("categories.0.body.5.value.people.0.email", "not-an-email"),
            "categories[0].body[5].value.people[0].email: Enter a valid email address.",
        ),
        (
            change("contacts.0.people.0", {"role": "Desk", "name": "Ann"}),
            "contacts[0].people[0].email: Give an email address or a phone number.",
        ),
        (
            change("contacts.1", CONTACTS),
            "contacts: The maximum number of items is 1",
        ),
        (
            change("categories.0.is_new", "yes"),
            "categories[0].is_new: must be true or false",
        ),
        (
            change("categories.0.entry_mode", "maybe"),
            "categories[0].entry_mode: must be one of: open, closed, invitation",
        ),
        (
            change("opens_at", "next Tuesday"),
            "opens_at: must be a date and time with its UTC offset, "
            "e.g. 2027-03-31T17:00:00+01:00",
        ),
        (
            change("categories.0.closes_at", "2027-04-10T13:00:00"),
            "categories[0].closes_at: must be a date and time with its UTC offset, "
            "e.g. 2027-03-31T17:00:00+01:00",
        ),
        (change("closes_at", None), "closes_at: must be a date and time, not null"),
        (
            change("closes_at", "2027-01-01T00:00:00Z"),
            "closes_at: The closing time must be after the opening time.",
        ),
        (
            change("categories.0.entry_form", "/no-form/"),
            "categories[0].entry_form: "
            "no entry form at /no-form/ on the site or in the document",
        ),
        (
            change("categories.0.entry_form", "/awards-2027/"),
            "categories[0].entry_form: "
            "no entry form at /awards-2027/ on the site or in the document",
        ),
        (
            change("entry_forms.0.path", "/awards-2027/full/form/"),
            "entry_forms[0].path: a new entry form goes under the home page or "
            "the document's programme, e.g. /entry-form/ or /awards-2027/entry-form/",
        ),
        (
            change("entry_forms.0.path", "/awards-2027/"),
            "entry_forms[0]: no entry form at /awards-2027/ on the site or in "
            "the document",
        ),
        (
            change("entry_forms.1", {**ENTRY_FORM, "path": "/f/", "title": ""}),
            "entry_forms[1].title: This field may not be blank.",
        ),
        (
            change(
                "entry_forms.1",
                {
                    **ENTRY_FORM,
                    "path": "/f/",
                    "questions": [{"label": "Q", "field_type": "file"}],
                },
            ),
            "entry_forms[1].questions[0].field_type: must be one of: singleline, "
            "multiline, email, url, number, dropdown, radio",
        ),
        (
            change(
                "entry_forms.1",
                {**ENTRY_FORM, "path": "/f/", "questions": [{"label": "Q"}]},
            ),
            "entry_forms[1].questions[0].field_type: This field is required.",
        ),
        (
            change("categories.0.entry_form", None),
            "categories[0].entry_form: Choose the entry form: an open category needs "
            "one so that entrants can start an entry.",
        ),
        (change("categories.0.colour", "red"), "categories[0].colour: unknown field"),
        (change("categories.0", None), "categories[0]: must be an object"),
        (
            change("categories.0.body.3.value", None),
            "categories[0].body[3].value: must be an object",
        ),
        (
            change("categories.0.body.3", {"type": "criterion"}),
            "categories[0].body[3].value: missing",
        ),
        (change("categories.0.body.3.id", 5), "categories[0].body[3].id: must be text"),
        (change("contacts.0", None), "contacts[0]: must be an object"),
        (
            change("categories.0.title", "Care\x00Award"),
            "categories[0].title: Null characters are not allowed.",
        ),
        (change("categories", {}), "categories: must be a list"),
        (change("version", 2), "version: must be 1"),
        (change("version", True), "version: must be 1"),
        (
            change("slug", "awards 2027"),
            "slug: Enter a valid “slug” consisting of Unicode letters, numbers, "
            "underscores, or hyphens.",
        ),
    ],
)
def test_bad_documents_are_refused_whole(home, site, edit, message):
    document = document_for()
    edit(document)
    before = site_state()
    with pytest.raises(DocumentError) as refused:
        import_programme(document, home, publish=True)
    assert str(refused.value) == message
    assert site_state() == before


def test_an_error_while_writing_undoes_everything(home, site, entry_form):
    """A slug taken by another kind of page is only found while saving pages."""
    make_entry_form(site, slug="taken")
    document = document_for()
    document["title"] = "Changed"
    document["categories"].insert(
        1,
        {
            "slug": "brand-new",
            "title": "New",
            "summary": "New.",
            "entry_mode": "closed",
        },
    )
    document["categories"].append(
        {"slug": "taken", "title": "Taken", "summary": "Taken.", "entry_mode": "closed"}
    )
    before = site_state()
    with pytest.raises(DocumentError) as refused:
        import_programme(document, home, publish=True)
    assert str(refused.value) == (
        "categories[4].slug: The slug 'taken' is already in use within the parent "
        "page at '/awards-2027/'."
    )
    assert site_state() == before
    assert ProgrammePage.objects.get().title == "Awards 2027"


def test_import_command_refuses_with_the_place(site, tmp_path):
    document = document_for()
    document["categories"][0]["body"][3]["value"]["word_limit"] = "many"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError) as refused:
        call_command("import_programme", str(path))
    assert str(refused.value) == (
        "Nothing was imported. "
        "categories[0].body[3].value.word_limit: must be a whole number"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON: Expecting property name enclosed in double"),
        ("[]", "Nothing was imported. document: must be an object"),
    ],
)
def test_import_command_refuses_what_is_not_a_document(
    home, tmp_path, content, message
):
    path = tmp_path / "doc.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_programme", str(path))


def test_import_command_exits_non_zero(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text("{not json")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_programme", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"CommandError: {path} is not valid JSON: Expecting property name enclosed "
        "in double quotes: line 1 column 2 (char 1)\n"
    )
