"""The admin home page's entries panel: the current programme at a glance.

Drafts and submitted entries per category, as a table with a bar chart drawn
on the server (SVG, no external service), and the time left to the deadline.
Counted in one aggregate query whatever the number of entries.
"""

from django.db.models import Count
from wagtail.admin.ui.components import Component

from base.times import time_left_until
from categories.models import CategoryPage
from categories.status import category_status

from .models import Entry

BAR_WIDTH = 240  # the widest bar in the chart, in SVG units


def entry_counts(programme) -> dict[int, dict[str, int]]:
    """{category id: {status: count}} for the programme's drafts and submissions."""
    rows = (
        Entry.objects.filter(
            category__in=CategoryPage.objects.in_programme(programme),
            status__in=[Entry.Status.DRAFT, Entry.Status.SUBMITTED],
        )
        .values("category_id", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["category_id"], {})[row["status"]] = row["count"]
    return counts


class EntriesPanel(Component):
    """Drafts and submitted entries per live category of the current programme."""

    name = "entries_summary"
    template_name = "entries/admin/dashboard_panel.html"
    order = 50  # above Wagtail's own panels: this is what entries staff came for

    def __init__(self, programme, now=None):
        self.programme = programme
        self.now = now

    def get_context_data(self, parent_context=None):
        programme = self.programme
        if programme is None:
            return {"programme": None}
        counts = entry_counts(programme)
        # Live categories only: a draft or an unpublished category takes no
        # entries, whatever its dates say.
        categories = (
            CategoryPage.objects.in_programme(programme)
            .live()
            .select_related("entry_form")
            .order_by("path")
        )
        rows = []
        for category in categories:
            drafts = counts.get(category.pk, {}).get(Entry.Status.DRAFT, 0)
            submitted = counts.get(category.pk, {}).get(Entry.Status.SUBMITTED, 0)
            rows.append(
                {
                    "category": category,
                    "status": category_status(
                        category, now=self.now, programme=programme
                    ),
                    "drafts": drafts,
                    "submitted": submitted,
                }
            )
        widest = max((row["drafts"] + row["submitted"] for row in rows), default=0)
        for row in rows:
            scale = BAR_WIDTH / widest if widest else 0
            row["drafts_width"] = round(row["drafts"] * scale, 1)
            row["submitted_width"] = round(row["submitted"] * scale, 1)
        return {
            "programme": programme,
            "rows": rows,
            "time_left": time_left_until(programme.closes_at, self.now),
            "bar_width": BAR_WIDTH,
            "total_drafts": sum(row["drafts"] for row in rows),
            "total_submitted": sum(row["submitted"] for row in rows),
        }
