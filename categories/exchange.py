"""A programme and its categories as one JSON document, out and back in.

``export_programme(programme)`` gives the document;
``import_programme(document, parent)`` creates or updates (by slug) the
programme under ``parent`` (the home page), and its categories, in one
transaction: any error writes nothing and raises :class:`DocumentError`
naming where in the document it is, e.g.
``categories[3].body[2].value.word_limit: must be a whole number``.

The document is the content schema of DESIGN.md, with one difference: a page
is referred to by its path on the site (``"/awards-2027/medicines-partnership/"``)
instead of its database id, which differs between sites. That applies to
``notice.link`` and ``entry_form``; a path may name a page of the document
itself or a page already on the site. Dates are ISO 8601 with a UTC offset, as
the API writes them. docs/api.md describes every key.
"""

from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_unicode_slug
from django.db import transaction
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page

from base.rich_text import clean_rich_text
from base.serializers import moment

from .models import CategoryPage, ProgrammePage
from .status import EntryMode

VERSION = 1


class DocumentError(Exception):
    """A programme document that can't be imported, and where the problem is."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


# --- Export ----------------------------------------------------------------


def export_programme(programme: ProgrammePage) -> dict:
    """The programme and its categories as a document (latest versions, drafts too)."""
    home = programme.get_parent()
    programme = programme.get_latest_revision_as_object()
    categories = CategoryPage.objects.child_of(programme).order_by("path")
    return {
        "version": VERSION,
        "slug": programme.slug,
        "title": programme.title,
        "search_description": programme.search_description,
        "intro": programme.intro,
        "opens_at": moment(programme.opens_at),
        "closes_at": moment(programme.closes_at),
        "contacts": [
            export_value(child.block, child.value, home) for child in programme.contacts
        ],
        "categories": [
            export_category(category.get_latest_revision_as_object(), home)
            for category in categories
        ],
    }


def export_category(category: CategoryPage, home: Page) -> dict:
    """One category of the document."""
    return {
        "slug": category.slug,
        "title": category.title,
        "search_description": category.search_description,
        "summary": category.summary,
        "is_new": category.is_new,
        "entry_mode": category.entry_mode,
        "opens_at": moment(category.opens_at),
        "closes_at": moment(category.closes_at),
        "invitation_note": category.invitation_note,
        "entry_form": page_path(category.entry_form, home),
        "body": [
            {
                "type": child.block_type,
                "value": export_value(child.block, child.value, home),
            }
            for child in category.body
        ],
    }


def export_value(block: blocks.Block, value, home: Page) -> Any:
    """A block's value in the document: plain lists and objects, pages as paths."""
    if isinstance(block, blocks.StructBlock):
        return {
            name: export_value(child, value.get(name), home)
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [export_value(block.child_block, item, home) for item in value]
    if isinstance(block, blocks.PageChooserBlock):
        return page_path(value, home)
    return block.get_prep_value(value)


def page_path(page: Page | None, home: Page) -> str | None:
    """A page's path on the site, e.g. "/awards-2027/medicines-partnership/"."""
    if page is None:
        return None
    if not page.url_path.startswith(home.url_path):
        raise DocumentError("", f"{page.title!r} is not a page of this site")
    return "/" + page.url_path[len(home.url_path) :]


# --- Reading the document ----------------------------------------------------


class Field:
    """One key of the document: how to check its value, and its default."""

    def __init__(self, check, required=False, default=None):
        self.check, self.required, self.default = check, required, default


def text(value, path):
    if not isinstance(value, str):
        raise DocumentError(path, "must be text")
    return value


def rich_text(value, path, features=None):
    """Rich text as the editor would store it: tags and attributes beyond the
    editor's features (a ``<script>``, an ``onclick``) are removed, since an
    imported document is not trusted more than an editor's typing."""
    return clean_rich_text(text(value, path), features)


def programme_intro(value, path):
    """The programme's intro, cleaned with the features its field allows."""
    return rich_text(value, path, ProgrammePage._meta.get_field("intro").features)


def slug(value, path):
    text(value, path)
    try:
        validate_unicode_slug(value)
    except ValidationError as e:
        raise DocumentError(path, e.messages[0]) from e
    return value


def boolean(value, path):
    if not isinstance(value, bool):
        raise DocumentError(path, "must be true or false")
    return value


def a_moment(value, path):
    """A date and time with its UTC offset, or null."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(text(value, path))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise DocumentError(
            path,
            "must be a date and time with its UTC offset, "
            "e.g. 2027-03-31T17:00:00+01:00",
        )
    return parsed


def required_moment(value, path):
    if value is None:
        raise DocumentError(path, "must be a date and time, not null")
    return a_moment(value, path)


def entry_mode(value, path):
    if value not in EntryMode.values:
        raise DocumentError(path, "must be one of: " + ", ".join(EntryMode.values))
    return value


def a_list(value, path):
    if not isinstance(value, list):
        raise DocumentError(path, "must be a list")
    return value


def page_reference(value, path):
    """A page path or null; resolved against the site later."""
    if value is None:
        return None
    if not text(value, path).startswith("/"):
        raise DocumentError(path, "must be a page's path on the site, e.g. /awards/")
    return normal_path(value)


PROGRAMME_FIELDS = {
    "version": Field(lambda v, p: v, required=True),
    "slug": Field(slug, required=True),
    "title": Field(text, required=True),
    "search_description": Field(text, default=""),
    "intro": Field(programme_intro, default=""),
    "opens_at": Field(required_moment, required=True),
    "closes_at": Field(required_moment, required=True),
    "contacts": Field(a_list, default=[]),
    "categories": Field(a_list, default=[]),
}

CATEGORY_FIELDS = {
    "slug": Field(slug, required=True),
    "title": Field(text, required=True),
    "search_description": Field(text, default=""),
    "summary": Field(text, required=True),
    "is_new": Field(boolean, default=False),
    "entry_mode": Field(entry_mode, default=EntryMode.OPEN.value),
    "opens_at": Field(a_moment),
    "closes_at": Field(a_moment),
    "invitation_note": Field(text, default=""),
    "entry_form": Field(page_reference),
    "body": Field(a_list, default=[]),
}


def read_object(value, fields: dict[str, Field], path: str) -> dict:
    """Check an object's keys and values against ``fields``; fill in defaults."""
    if not isinstance(value, dict):
        raise DocumentError(path or "document", "must be an object")
    for key in value:
        if key not in fields:
            raise DocumentError(join(path, key), "unknown field")
    result = {}
    for key, field in fields.items():
        if key in value:
            result[key] = field.check(value[key], join(path, key))
        elif field.required:
            raise DocumentError(join(path, key), "missing")
        else:
            result[key] = field.default
    return result


def read_block(block: blocks.Block, value, path: str, find_page) -> Any:
    """Check a block value's shape and types; return it as the block stores it.

    ``find_page(path, where)`` turns a page path into a page id (or None).
    Rules the block itself knows (required, max length, email) are left to
    ``block.clean``.
    """
    if isinstance(block, blocks.StructBlock):
        if not isinstance(value, dict):
            raise DocumentError(path, "must be an object")
        for key in value:
            if key not in block.child_blocks:
                raise DocumentError(f"{path}.{key}", "unknown field")
        return {
            name: read_block(child, value[name], f"{path}.{name}", find_page)
            for name, child in block.child_blocks.items()
            if name in value
        }
    if isinstance(block, blocks.ListBlock):
        return [
            read_block(block.child_block, item, f"{path}[{i}]", find_page)
            for i, item in enumerate(a_list(value, path))
        ]
    if isinstance(block, blocks.PageChooserBlock):
        return find_page(page_reference(value, path), path)
    if value is None:
        return None
    if isinstance(block, blocks.IntegerBlock):
        if isinstance(value, bool) or not isinstance(value, int):
            raise DocumentError(path, "must be a whole number")
        return value
    if isinstance(block, blocks.BooleanBlock):
        return boolean(value, path)
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value, path, block.features)
    return text(value, path)


def read_stream(stream_block, items: list, path: str, find_page, typed=True):
    """Check a stream's items and clean them with the block definitions.

    ``typed`` items are ``{"type", "value"}`` (a category's body); otherwise
    each item is a value of the stream's one block type (a programme's
    contacts).
    """
    raw = []
    for i, item in enumerate(items):
        where = f"{path}[{i}]"
        if typed:
            item = read_object(item, STREAM_ITEM_FIELDS, where)
            name, value, where = item["type"], item["value"], f"{where}.value"
            if name not in stream_block.child_blocks:
                raise DocumentError(
                    f"{path}[{i}].type",
                    f"unknown block type {name!r}; expected one of: "
                    + ", ".join(stream_block.child_blocks),
                )
        else:
            name, value = next(iter(stream_block.child_blocks)), item
        child = stream_block.child_blocks[name]
        raw.append({"type": name, "value": read_block(child, value, where, find_page)})
        if typed and item["id"] is not None:
            raw[-1]["id"] = item["id"]
    try:
        return stream_block.clean(stream_block.to_python(raw))
    except ValidationError as e:
        first_path, message = next(block_errors(e, path, ".value" if typed else ""))
        raise DocumentError(first_path, message) from e


STREAM_ITEM_FIELDS = {
    "type": Field(text, required=True),
    "value": Field(lambda v, p: v, required=True),
    # Optional, as the API gives it: kept as the block's id when present.
    "id": Field(text),
}


def block_errors(error: ValidationError, path: str, item_suffix: str = ""):
    """Each (path, message) in a block validation error, depth first."""
    if isinstance(error, (StreamBlockValidationError, ListBlockValidationError)):
        suffix = item_suffix if isinstance(error, StreamBlockValidationError) else ""
        for e in error.non_block_errors.as_data():
            yield path, " ".join(e.messages)
        for index, e in sorted(error.block_errors.items()):
            yield from block_errors(e, f"{path}[{index}]{suffix}")
    elif isinstance(error, StructBlockValidationError):
        for e in error.non_block_errors.as_data():
            yield path, " ".join(e.messages)
        for name, e in error.block_errors.items():
            yield from block_errors(e, f"{path}.{name}")
    else:
        yield path, " ".join(error.messages)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def normal_path(path: str) -> str:
    """ "/a/b" and "/a/b/" alike, as "/a/b/"."""
    parts = [part for part in path.split("/") if part]
    return "/" + "".join(f"{part}/" for part in parts)


# --- Import ----------------------------------------------------------------


def import_programme(
    document, parent: Page, publish: bool = False
) -> tuple[ProgrammePage, dict]:
    """Create or update the document's programme and categories, all or nothing.

    Pages are matched by slug: the programme under ``parent`` (the home
    page, which page paths in the document start from), categories
    under the programme. Categories the document doesn't name are left as they
    are. Without ``publish`` the changes are saved as drafts (new pages stay
    unpublished). Returns the programme and ``{"created": n, "updated": n}``,
    counting categories.
    """
    home = parent
    data = read_object(document, PROGRAMME_FIELDS, "")
    if type(data["version"]) is not int or data["version"] != VERSION:
        raise DocumentError("version", f"must be {VERSION}")
    categories = [
        read_object(item, CATEGORY_FIELDS, f"categories[{i}]")
        for i, item in enumerate(data["categories"])
    ]
    check_unique_slugs(categories)

    # The document's own pages, by path: links between them resolve once they
    # exist (until then, to nothing).
    programme_path = f"/{data['slug']}/"
    own_pages: dict[str, Page | None] = {programme_path: None}
    own_pages.update({f"{programme_path}{c['slug']}/": None for c in categories})

    def find_page(path: str | None, where: str) -> int | None:
        if path is None:
            return None
        if path in own_pages:
            page = own_pages[path]
            return page.pk if page else None
        page = Page.objects.filter(url_path=home.url_path + path[1:]).first()
        if page is None:
            raise DocumentError(
                where, f"no page at {path} on the site or in the document"
            )
        return page.pk

    programme_contacts = ProgrammePage._meta.get_field("contacts").stream_block
    category_body = CategoryPage._meta.get_field("body").stream_block

    def read_body(i: int):
        path = f"categories[{i}].body"
        return read_stream(category_body, categories[i]["body"], path, find_page)

    # Check everything before writing anything.
    contacts = read_stream(
        programme_contacts, data["contacts"], "contacts", find_page, typed=False
    )
    for i, category in enumerate(categories):
        category["entry_form"] = find_entry_form(
            home, category["entry_form"], f"categories[{i}].entry_form"
        )
        read_body(i)

    counts = {"created": 0, "updated": 0}
    with transaction.atomic():
        programme, _ = save_page(
            home,
            ProgrammePage,
            "",
            slug=data["slug"],
            title=data["title"],
            search_description=data["search_description"],
            intro=data["intro"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            contacts=contacts,
        )
        save_revision(programme, "", publish)
        own_pages[programme_path] = programme
        # Every category first, then their bodies: a notice may link to a
        # category further down the document.
        pages = []
        for i, category in enumerate(categories):
            fields = {k: v for k, v in category.items() if k != "body"}
            page, created = save_page(
                programme, CategoryPage, f"categories[{i}]", **fields
            )
            counts["created" if created else "updated"] += 1
            own_pages[f"{programme_path}{category['slug']}/"] = page
            pages.append((page, created))
        for i, (page, created) in enumerate(pages):
            page.body = read_body(i)
            save_revision(page, f"categories[{i}]", publish, save_row=created)
    return programme, counts


def check_unique_slugs(categories: list[dict]) -> None:
    """Refuse two categories with one slug: the second would overwrite the first."""
    first_with = {}
    for i, category in enumerate(categories):
        if category["slug"] in first_with:
            raise DocumentError(
                f"categories[{i}].slug",
                f"{category['slug']!r} is also the slug of "
                f"categories[{first_with[category['slug']]}]",
            )
        first_with[category["slug"]] = i


def find_entry_form(home: Page, path: str | None, where: str) -> Page | None:
    """The entry form at ``path`` on the site (it must exist before the import)."""
    if path is None:
        return None
    entry_form_model = CategoryPage._meta.get_field("entry_form").related_model
    form = entry_form_model.objects.filter(url_path=home.url_path + path[1:]).first()
    if form is None:
        raise DocumentError(where, f"no entry form at {path} on the site")
    return form


def save_page(parent: Page, model, path: str, slug: str, **fields) -> tuple[Page, bool]:
    """Create (unpublished) or update in memory the ``model`` page ``slug``.

    An existing page starts from its latest version, draft or published, and
    is saved by :func:`save_revision`. Returns the page and whether it is new.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    with errors_at(path):
        if page is None:
            page = model(slug=slug, live=False, **fields)
            parent.add_child(instance=page)
            return page, True
        page = page.get_latest_revision_as_object()
        for name, value in fields.items():
            setattr(page, name, value)
        page.full_clean()
    return page, False


def save_revision(page: Page, path: str, publish: bool, save_row: bool = False):
    """Save the page as a new revision, and publish it if asked."""
    with errors_at(path):
        if save_row:
            # A page never published keeps its draft in its own row too.
            page.save()
        revision = page.save_revision()
    if publish:
        revision.publish()


@contextmanager
def errors_at(path: str):
    """Report a page's validation error at its place in the document."""
    try:
        yield
    except ValidationError as e:
        if not hasattr(e, "error_dict"):
            raise DocumentError(path or "document", " ".join(e.messages)) from e
        field, messages = next(iter(e.message_dict.items()))
        where = path if field == NON_FIELD_ERRORS else join(path, field)
        raise DocumentError(where or "document", " ".join(messages)) from e
