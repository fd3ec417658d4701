"""The admin's page listing of a programme: each category's entry state now and
its next change ("Open for entries. Closes Friday 26 March 2027, 5pm").

Wagtail 7 picks the explorer's listing view by the parent page's model
(``PageViewSet.parent_models``), so a programme's children are listed by this
viewset's view: Wagtail's own, plus one column. The states are worked out in
a fixed number of queries whatever the number of categories (the programmes
in one, the entry forms in one), then by :func:`categories.status.category_status`.
"""

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .models import CategoryPage, CategoryStatuses, ProgrammePage


class EntryStateColumn(Column):
    """A category's state and its next change; empty for other pages."""

    def get_value(self, instance):
        status = getattr(instance, "entry_status", None)
        if status is None:
            return ""
        if not status.next_change:
            return status.label
        return f"{status.label}. {status.next_change}"


def load_statuses(pages) -> None:
    """Give each category of ``pages`` its ``entry_status``, in two queries."""
    categories = [page for page in pages if isinstance(page, CategoryPage)]
    if not categories:
        return
    # Whether "Start your entry" has somewhere to go needs the entry form:
    # fetched for all the categories at once, not once each.
    form_model = CategoryPage._meta.get_field("entry_form").related_model
    form_ids = {c.entry_form_id for c in categories if c.entry_form_id}
    forms = form_model.objects.in_bulk(form_ids) if form_ids else {}
    for category in categories:
        category.entry_form = forms.get(category.entry_form_id)
    statuses = CategoryStatuses()
    statuses.load(categories)
    for category in categories:
        category.entry_status = statuses.get(category)


class ProgrammeChildrenView(ExplorableIndexView):
    """Wagtail's explorer listing, with the categories' entry states."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        load_statuses(context["object_list"])
        return context


class CategoryPageViewSet(PageViewSet):
    """Category pages in the admin: the programme's listing shows their states."""

    model = CategoryPage
    index_view_class = ProgrammeChildrenView
    columns = [
        *ExplorableIndexView.base_columns,
        EntryStateColumn("entry_state", label="Entry state", width="24%"),
    ]

    @property
    def parent_models(self):
        """A programme holds entry forms too, so Wagtail would not pick this
        viewset for it by itself (its children are not all categories)."""
        return [ProgrammePage]

    def get_index_view_kwargs(self, **kwargs):
        # Every child of the programme, entry forms included, not only categories.
        return super().get_index_view_kwargs(model=Page, **kwargs)
