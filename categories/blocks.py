"""The content blocks of a category's body: the content schema in DESIGN.md.

Block type names and value keys are a public contract (the API and the programme
import/export use them): add optional keys if needed, never rename.
"""

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.rich_text import RichText, expand_db_html

SHORT_RICH_TEXT = ["bold", "italic", "link", "ul", "ol"]


class HTMLRichTextBlock(blocks.RichTextBlock):
    """Rich text that the JSON API gives as front-end HTML.

    Wagtail's own API representation is the stored form, where a link to a page
    is ``<a linktype="page" id="3">``; other front ends need ``<a href="...">``.
    """

    def get_api_representation(self, value, context=None):
        return expand_db_html(value.source) if value else ""


class HowToApplyBlock(blocks.StructBlock):
    """Numbered steps to enter, with an optional note."""

    steps = blocks.ListBlock(
        blocks.CharBlock(label="Step", max_length=255),
        min_num=1,
        help_text="One short instruction per step, in order.",
    )
    note = HTMLRichTextBlock(required=False, features=SHORT_RICH_TEXT)

    class Meta:
        icon = "list-ol"
        label = "How to apply"
        template = "categories/blocks/how_to_apply.html"


class EligibilityBlock(blocks.StructBlock):
    """Who may enter: a heading, a bulleted list and an optional note."""

    heading = blocks.CharBlock(default="Eligibility", max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(label="Rule", max_length=500), min_num=1)
    note = HTMLRichTextBlock(required=False, features=SHORT_RICH_TEXT)

    class Meta:
        icon = "tick-inverse"
        label = "Eligibility"
        template = "categories/blocks/eligibility.html"


class CriterionValue(blocks.StructValue):
    """Values computed once for a criterion, not in templates."""

    def anchor(self) -> str:
        """The in-page link target, e.g. "criterion-impact"."""
        return f"criterion-{slugify(self.get('title'))}"


class CriterionBlock(blocks.StructBlock):
    """One judging criterion (e.g. Impact) and the judges' guidance for it.

    It needs its title (the entry form's answer section is named after it) and
    something to say: a description, at least one guidance point, or both.
    Real categories often have guidance points and no description.
    """

    title = blocks.CharBlock(max_length=120, help_text="E.g. Ambition, Impact.")
    description = HTMLRichTextBlock(
        required=False,
        features=SHORT_RICH_TEXT,
        help_text="Optional if the criterion has guidance points.",
    )
    guidance = blocks.ListBlock(
        blocks.CharBlock(label="Point", max_length=500),
        help_text="What the judges look for, one point each. Optional if the "
        "criterion has a description.",
    )
    word_limit = blocks.IntegerBlock(
        required=False,
        min_value=1,
        help_text="Most words an entrant may write for this criterion. "
        "Leave empty for no limit.",
    )

    def clean(self, value):
        value = super().clean(value)
        description = value.get("description")
        has_description = bool(strip_tags(description.source if description else ""))
        if not has_description:
            # The editor's empty paragraph is no description: stored as "".
            value["description"] = RichText("")
        if not has_description and not value.get("guidance"):
            raise StructBlockValidationError(
                block_errors={
                    "description": ValidationError(
                        "Give a description or at least one guidance point."
                    )
                }
            )
        return value

    class Meta:
        icon = "pick"
        label = "Judging criterion"
        template = "categories/blocks/criterion.html"
        value_class = CriterionValue


class NoticeBlock(blocks.StructBlock):
    """A highlighted note, optionally pointing to another page (e.g. a category)."""

    text = HTMLRichTextBlock(features=SHORT_RICH_TEXT)
    link = blocks.PageChooserBlock(
        required=False,
        help_text="E.g. the category such entries should go to instead.",
    )

    class Meta:
        icon = "warning"
        label = "Notice"
        template = "categories/blocks/notice.html"


class ContactPersonBlock(blocks.StructBlock):
    """One person to contact, with at least an email or a phone number."""

    role = blocks.CharBlock(max_length=120, help_text="E.g. Entry enquiries.")
    name = blocks.CharBlock(max_length=120)
    email = blocks.EmailBlock(required=False)
    phone = blocks.CharBlock(required=False, max_length=40)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("email") and not value.get("phone"):
            raise StructBlockValidationError(
                block_errors={
                    "email": ValidationError("Give an email address or a phone number.")
                }
            )
        return value

    class Meta:
        icon = "user"
        label = "Person"


class ContactsBlock(blocks.StructBlock):
    """Who to contact about the category."""

    heading = blocks.CharBlock(default="Contacts", max_length=120)
    people = blocks.ListBlock(ContactPersonBlock(), min_num=1)

    class Meta:
        icon = "mail"
        label = "Contacts"
        template = "categories/blocks/contacts.html"


class CategoryBodyBlock(blocks.StreamBlock):
    """The body of a category page, in the editor's order."""

    intro = HTMLRichTextBlock(
        features=["h3", "bold", "italic", "link", "ul", "ol"],
        icon="doc-full",
        label="Introduction",
        template="categories/blocks/intro.html",
    )
    how_to_apply = HowToApplyBlock()
    eligibility = EligibilityBlock()
    criterion = CriterionBlock()
    notice = NoticeBlock()
    contacts = ContactsBlock()


class ProgrammeContactsBlock(blocks.StreamBlock):
    """A programme's default contacts, used by categories that list none."""

    contacts = ContactsBlock()
