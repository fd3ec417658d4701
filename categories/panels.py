"""An admin panel: the category's entry state now and its next change.

Shown at the top of the category's editor, so that editors see what visitors
see before they change dates or the mode ("Open for entries. Closes Friday
26 March 2027, 5pm"). It shows the page as last saved; the preview modes show
the page in each state.
"""

from wagtail.admin.panels import Panel

from .status import category_status


class EntryStatePanel(Panel):
    """Read-only: the state of the category being edited, now, and what comes next."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Entry state now")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "categories/admin/entry_state_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            # A page being created has no place in the tree yet, so no window.
            context["status"] = category_status(page) if page.pk else None
            return context
