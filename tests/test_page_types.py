"""Page-type rules, rendering and preview for every page type."""

from django.urls import reverse
from wagtail import blocks
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from categories.models import CategoryPage, ProgrammePage
from categories.status import EntryMode
from entries.models import Entry, EntryFormPage
from home.models import HomePage
from tests.factories import (
    EVERY_BLOCK,
    make_category,
    make_entry_form,
    make_home,
    make_programme,
)
from tests.totp import enrol_totp


def block_form_data(block, value, prefix: str) -> dict:
    """The admin form data that an editor's browser posts for a block value."""
    data = {}
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        items = (
            [(child.block, child.block_type, child.value) for child in value]
            if isinstance(block, blocks.StreamBlock)
            else [(block.child_block, None, item) for item in value]
        )
        data[f"{prefix}-count"] = str(len(items))
        for index, (child_block, block_type, child_value) in enumerate(items):
            item = f"{prefix}-{index}"
            data.update({f"{item}-deleted": "", f"{item}-order": str(index)})
            if block_type:
                data[f"{item}-type"] = block_type
            data.update(block_form_data(child_block, child_value, f"{item}-value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            data.update(block_form_data(child_block, value[name], f"{prefix}-{name}"))
    elif isinstance(block, blocks.RichTextBlock):
        data[prefix] = rich_text(value.source)
    elif isinstance(block, blocks.PageChooserBlock):
        data[prefix] = str(value.pk) if value else ""
    else:
        data[prefix] = "" if value is None else str(value)
    return data


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_sits_at_the_root_and_only_once(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(HomePage, {ProgrammePage, EntryFormPage})
        make_home()
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_programmes_only_under_home(self):
        self.assertAllowedParentPageTypes(ProgrammePage, {HomePage})
        self.assertAllowedSubpageTypes(ProgrammePage, {CategoryPage, EntryFormPage})
        self.assertCanNotCreateAt(Page, ProgrammePage)
        self.assertCanNotCreateAt(ProgrammePage, ProgrammePage)

    def test_categories_only_under_programmes(self):
        self.assertAllowedParentPageTypes(CategoryPage, {ProgrammePage})
        self.assertAllowedSubpageTypes(CategoryPage, set())
        self.assertCanNotCreateAt(HomePage, CategoryPage)
        self.assertCanNotCreateAt(CategoryPage, CategoryPage)

    def test_entry_forms_under_home_or_programmes(self):
        self.assertAllowedParentPageTypes(EntryFormPage, {HomePage, ProgrammePage})
        self.assertAllowedSubpageTypes(EntryFormPage, set())


class PageRenderingTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.programme = make_programme(cls.home)
        cls.entry_form = make_entry_form(cls.programme)
        cls.category = make_category(
            cls.programme, entry_form=cls.entry_form, body=EVERY_BLOCK
        )
        cls.invitation = make_category(
            cls.programme,
            "invited",
            entry_mode=EntryMode.INVITATION,
            invitation_note="Chosen by the judges.",
        )
        cls.editor = enrol_totp(cls.create_superuser("page-editor"))

    def all_pages(self):
        return [
            self.home,
            self.programme,
            self.entry_form,
            self.category,
            self.invitation,
        ]

    def test_every_page_type_renders(self):
        for page in self.all_pages():
            with self.subTest(page=page):
                self.assertPageIsRenderable(page)

    def edit_form_data(self, page):
        """What the edit form posts, StreamFields included (they need JavaScript)."""
        self.client.force_login(self.editor)
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        html = self.client.get(edit_url).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        for name in ("body", "contacts"):
            field = getattr(page, name, None)
            if field is not None:
                data.update(block_form_data(field.stream_block, field, name))
        return data

    def test_every_page_type_is_editable_and_previewable_in_every_mode(self):
        for page in self.all_pages():
            data = self.edit_form_data(page)
            self.assertPageIsEditable(page, post_data=data, user=self.editor)
            self.assertTrue(page.preview_modes, page)
            for mode, _label in page.preview_modes:
                with self.subTest(page=page, mode=mode):
                    self.assertPageIsPreviewable(
                        page, mode=mode, post_data=data, user=self.editor
                    )

    def test_the_forms_report_lists_no_entry_form(self):
        entrant = self.create_user("entrant")
        Entry.objects.create(
            entrant=entrant, category=self.category, entry_form=self.entry_form
        )
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailforms:index"))
        self.assertEqual(response.status_code, 200)
        submissions = reverse(
            "wagtailforms:list_submissions", args=[self.entry_form.pk]
        )
        self.assertNotContains(response, submissions)
        self.assertEqual(
            self.client.get(submissions).status_code, 404, "not a form page"
        )
        self.assertEqual(self.entry_form.preview_modes, Page.DEFAULT_PREVIEW_MODES)

    def test_editing_keeps_every_block(self):
        data = self.edit_form_data(self.category)
        data["action-publish"] = ""
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.category.pk])
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302)
        self.category.refresh_from_db()
        self.assertEqual(
            [block.block_type for block in self.category.body],
            [block["type"] for block in EVERY_BLOCK],
        )
        self.assertEqual(
            list(self.category.body[3].value["guidance"]),
            ["Give figures.", "Quote patients."],
        )

    def test_editors_can_create_a_category_in_the_admin(self):
        self.client.force_login(self.editor)
        self.assertCanCreate(
            self.programme,
            CategoryPage,
            {
                "title": "Made in the admin",
                "slug": "made-in-the-admin",
                "summary": "One line.",
                "entry_mode": EntryMode.CLOSED,
                "body-count": "0",
            },
        )
        created = CategoryPage.objects.get(slug="made-in-the-admin")
        self.assertTrue(created.live)
        self.assertEqual(created.get_parent().pk, self.programme.pk)
