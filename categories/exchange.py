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
itself or a page already on the site. The entry forms the categories use travel
in the document too (``entry_forms``), so that a fresh site can take it: a form
the site lacks is created from it, one the site has is left as it is. Dates are
ISO 8601 with a UTC offset, as the API writes them. docs/api.md describes every
key.
"""

from collections.abc import Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_unicode_slug
from django.db import transaction
from rest_framework import serializers
from rest_framework.settings import api_settings
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
    categories = [
        category.get_latest_revision_as_object()
        for category in CategoryPage.objects.child_of(programme).order_by("path")
    ]
    forms = {c.entry_form.pk: c.entry_form for c in categories if c.entry_form}
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
        "entry_forms": [
            export_entry_form(form.get_latest_revision_as_object(), home)
            for form in forms.values()
        ],
        "categories": [export_category(category, home) for category in categories],
    }


# The keys of a common question of an entry form, as the document gives them.
QUESTION_KEYS = [
    "label",
    "field_type",
    "required",
    "choices",
    "default_value",
    "help_text",
    "word_limit",
]


def export_entry_form(form: Page, home: Page) -> dict:
    """An entry form of the document: its page fields and its common questions."""
    return {
        "path": page_path(form, home),
        "title": form.title,
        "intro": form.intro,
        "declaration": form.declaration,
        "questions": [
            {key: getattr(question, key) for key in QUESTION_KEYS}
            for question in form.form_fields.all()
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
#
# DRF serializers check the document's shape and types, strictly: JSON gives
# types, so "400" is not a whole number and "yes" is not true. What a block
# itself knows (required, lengths, email addresses, minimum items) is left to
# the block's own ``to_python`` and ``clean``.


class Raw(serializers.Field):
    """Any JSON value, null too, checked later."""

    default_error_messages = {"required": "missing"}

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return data


class Text(serializers.CharField):
    """Text, exactly as given (a number is not text)."""

    default_error_messages = {"invalid": "must be text", "required": "missing"}

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class RichText(Text):
    """Rich text as the editor would store it: tags and attributes beyond the
    editor's features (a ``<script>``, an ``onclick``) are removed, since an
    imported document is not trusted more than an editor's typing."""

    def __init__(self, features=None, **kwargs):
        self.features = features
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return clean_rich_text(super().to_internal_value(data), self.features)


class PagePath(Text):
    """A page's path on the site, e.g. "/awards-2027/", as "/a/b/"."""

    default_error_messages = {
        "not_a_path": "must be a page's path on the site, e.g. /awards/"
    }

    def to_internal_value(self, data):
        path = super().to_internal_value(data)
        if not path.startswith("/"):
            self.fail("not_a_path")
        return normal_path(path)


class PageId(PagePath):
    """A page path in a block, as the id of the page (``context["find_page"]``)."""

    def to_internal_value(self, data):
        return self.context["find_page"](super().to_internal_value(data))


class WholeNumber(serializers.IntegerField):
    default_error_messages = {"invalid": "must be a whole number"}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return data


class Boolean(serializers.BooleanField):
    default_error_messages = {"invalid": "must be true or false"}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class Moment(serializers.Field):
    """A date and time with its UTC offset."""

    default_error_messages = {
        "invalid": "must be a date and time with its UTC offset, "
        "e.g. 2027-03-31T17:00:00+01:00",
        "null": "must be a date and time, not null",
        "required": "missing",
    }

    def to_internal_value(self, data):
        try:
            parsed = datetime.fromisoformat(data) if isinstance(data, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.fail("invalid")
        return parsed


class DocumentList(serializers.ListField):
    default_error_messages = {
        "not_a_list": "must be a list",
        "null": "must be a list",
        "required": "missing",
    }


class DocumentObjects(serializers.ListSerializer):
    default_error_messages = {"not_a_list": "must be a list", "required": "missing"}


class DocumentObject(serializers.Serializer):
    """An object of the document: no key beyond its fields."""

    default_error_messages = {
        "invalid": "must be an object",
        "null": "must be an object",
        "required": "missing",
    }

    class Meta:
        list_serializer_class = DocumentObjects

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            for key in data:
                if key not in self.fields:
                    raise serializers.ValidationError({key: ["unknown field"]})
        return super().to_internal_value(data)


class CategoryDocument(DocumentObject):
    slug = Text(allow_blank=False, validators=[validate_unicode_slug])
    title = Text()
    search_description = Text(default="")
    summary = Text()
    is_new = Boolean(default=False)
    entry_mode = serializers.ChoiceField(
        choices=EntryMode.values,
        default=EntryMode.OPEN.value,
        error_messages={
            "invalid_choice": "must be one of: " + ", ".join(EntryMode.values)
        },
    )
    opens_at = Moment(default=None, allow_null=True)
    closes_at = Moment(default=None, allow_null=True)
    invitation_note = Text(default="")
    entry_form = PagePath(default=None, allow_null=True)
    body = DocumentList(child=Raw(), default=list)


def entry_form_model():
    """EntryFormPage, found through the category's link to it: the entries app
    sits above this one and is not imported here (DESIGN.md's layering)."""
    return CategoryPage._meta.get_field("entry_form").related_model


def question_model():
    """EntryFormField, the entry form's common questions."""
    return entry_form_model()._meta.get_field("form_fields").related_model


class QuestionDocument(DocumentObject):
    label = Text(allow_blank=False)
    field_type = serializers.ChoiceField(choices=[])
    required = Boolean(default=True)
    choices = Text(default="")
    default_value = Text(default="")
    help_text = Text(default="")
    word_limit = WholeNumber(default=None, allow_null=True, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = [value for value, _label in question_model().field_type.field.choices]
        self.fields["field_type"] = serializers.ChoiceField(
            choices=types,
            error_messages={"invalid_choice": "must be one of: " + ", ".join(types)},
        )


class EntryFormDocument(DocumentObject):
    path = PagePath()
    title = Text(allow_blank=False)
    intro = RichText(default="")
    declaration = Text(default=None, allow_null=True)
    questions = QuestionDocument(many=True, default=list)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        features = entry_form_model()._meta.get_field("intro").features
        self.fields["intro"] = RichText(features=features, default="")


class ProgrammeDocument(DocumentObject):
    version = Raw()
    slug = Text(allow_blank=False, validators=[validate_unicode_slug])
    title = Text()
    search_description = Text(default="")
    intro = RichText(
        features=ProgrammePage._meta.get_field("intro").features, default=""
    )
    opens_at = Moment()
    closes_at = Moment()
    contacts = DocumentList(child=Raw(), default=list)
    entry_forms = EntryFormDocument(many=True, default=list)
    categories = CategoryDocument(many=True, default=list)

    def validate_version(self, value):
        if type(value) is not int or value != VERSION:
            raise serializers.ValidationError(f"must be {VERSION}")
        return value


class StreamItem(DocumentObject):
    """An item of a category's body, as the API gives it."""

    type = Text()
    value = Raw()
    # Optional: kept as the block's id when present.
    id = Text(default=None)


def block_field(block: blocks.Block, **kwargs) -> serializers.Field:
    """The field that reads ``block``'s value from the document."""
    if isinstance(block, blocks.StructBlock):
        fields = {
            name: block_field(child, required=False)
            for name, child in block.child_blocks.items()
        }
        return type("Block", (DocumentObject,), fields)(**kwargs)
    if isinstance(block, blocks.ListBlock):
        return DocumentList(child=block_field(block.child_block), **kwargs)
    kwargs["allow_null"] = True
    if isinstance(block, blocks.PageChooserBlock):
        return PageId(**kwargs)
    if isinstance(block, blocks.IntegerBlock):
        return WholeNumber(**kwargs)
    if isinstance(block, blocks.BooleanBlock):
        return Boolean(**kwargs)
    if isinstance(block, blocks.RichTextBlock):
        return RichText(features=block.features, **kwargs)
    return Text(**kwargs)


def validated(serializer: serializers.Serializer, path: str, key: str = "") -> Any:
    """The serializer's data (or its ``key``), or the first error at its path."""
    if not serializer.is_valid():
        errors = serializer.errors[key] if key else serializer.errors
        where, message = first_error(errors, path)
        raise DocumentError(where or "document", message)
    return serializer.validated_data[key] if key else serializer.validated_data


def first_error(detail, path: str) -> tuple[str, str]:
    """The first (path, message) in DRF's nested errors, in document order."""
    if isinstance(detail, dict):
        key, detail = next(iter(detail.items()))
        if isinstance(key, int):
            path = f"{path}[{key}]"
        elif key != api_settings.NON_FIELD_ERRORS_KEY:
            path = join(path, key)
        return first_error(detail, path)
    if all(isinstance(message, str) for message in detail):
        return path, " ".join(detail)
    index, detail = next((i, item) for i, item in enumerate(detail) if item)
    return first_error(detail, f"{path}[{index}]")


def read_stream(stream_block, items: list, path: str, find_page, typed=True):
    """Check a stream's items and clean them with the block definitions.

    ``typed`` items are ``{"type", "value"}`` (a category's body); otherwise
    each item is a value of the stream's one block type (a programme's
    contacts). ``find_page(path)`` turns a page path into a page id (or None).
    """
    raw = []
    for i, item in enumerate(items):
        where = f"{path}[{i}]"
        block_id = None
        if typed:
            item = validated(StreamItem(data=item), where)
            name, value, block_id = item["type"], item["value"], item["id"]
            if name not in stream_block.child_blocks:
                raise DocumentError(
                    f"{where}.type",
                    f"unknown block type {name!r}; expected one of: "
                    + ", ".join(stream_block.child_blocks),
                )
            where = f"{where}.value"
        else:
            name, value = next(iter(stream_block.child_blocks)), item
        block = stream_block.child_blocks[name]
        value_of = type("Value", (DocumentObject,), {"value": block_field(block)})
        serializer = value_of(data={"value": value}, context={"find_page": find_page})
        raw.append({"type": name, "value": validated(serializer, where, "value")})
        if block_id is not None:
            raw[-1]["id"] = block_id
    try:
        return stream_block.clean(stream_block.to_python(raw))
    except ValidationError as e:
        first_path, message = next(block_errors(e, path, ".value" if typed else ""))
        raise DocumentError(first_path, message) from e


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
    data = validated(ProgrammeDocument(data=document), "")
    categories = [dict(category) for category in data["categories"]]
    check_unique_slugs(categories)

    # The document's own pages, by path: links between them resolve once they
    # exist (until then, to nothing).
    programme_path = f"/{data['slug']}/"
    own_pages: dict[str, Page | None] = {programme_path: None}
    own_pages.update({f"{programme_path}{c['slug']}/": None for c in categories})

    def find_page(path: str) -> int | None:
        if path in own_pages:
            page = own_pages[path]
            return page.pk if page else None
        page = Page.objects.filter(url_path=home.url_path + path[1:]).first()
        if page is None:
            raise serializers.ValidationError(
                f"no page at {path} on the site or in the document"
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
    # Entry forms the site lacks are created from the document (before the
    # categories that use them); the site's own are used as they are.
    new_forms = {}
    for i, form in enumerate(data["entry_forms"]):
        where = f"entry_forms[{i}]"
        if find_entry_form(home, form["path"], where, missing_ok=True) is None:
            parent = form["path"].rsplit("/", 2)[0] + "/"
            if parent not in ("/", programme_path):
                raise DocumentError(
                    f"{where}.path",
                    "a new entry form goes under the home page or the "
                    f"document's programme, e.g. /entry-form/ or {programme_path}"
                    "entry-form/",
                )
            new_forms[form["path"]] = (where, parent, form)
    for i, category in enumerate(categories):
        if category["entry_form"] not in new_forms:
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
        created_forms = {
            path: create_entry_form(
                home if parent == "/" else programme, form, where, publish
            )
            for path, (where, parent, form) in new_forms.items()
        }
        for category in categories:
            if category["entry_form"] in created_forms:
                category["entry_form"] = created_forms[category["entry_form"]]
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


def find_entry_form(
    home: Page, path: str | None, where: str, missing_ok: bool = False
) -> Page | None:
    """The entry form at ``path`` on the site; refused if there is none there
    (unless ``missing_ok``) or if the page there is not an entry form."""
    if path is None:
        return None
    page = Page.objects.filter(url_path=home.url_path + path[1:]).first()
    if page is None and missing_ok:
        return None
    form = page and entry_form_model().objects.filter(pk=page.pk).first()
    if form is None:
        raise DocumentError(
            where, f"no entry form at {path} on the site or in the document"
        )
    return form


def create_entry_form(parent: Page, form: dict, path: str, publish: bool) -> Page:
    """A new entry form under ``parent`` from the document, with its questions."""
    fields = {"title": form["title"], "intro": form["intro"]}
    if form["declaration"] is not None:
        fields["declaration"] = form["declaration"]
    page, _ = save_page(
        parent, entry_form_model(), path, form["path"].rsplit("/", 2)[1], **fields
    )
    Question = question_model()
    for order, question in enumerate(form["questions"]):
        with errors_at(f"{path}.questions[{order}]"):
            row = Question(page=page, sort_order=order, **question)
            row.full_clean(exclude=["page"])
            row.save()
    save_revision(page, path, publish, save_row=True)
    return page


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
