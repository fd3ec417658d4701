"""The scores export: one row per submitted sheet, with the entry's answers.

Built on Wagtail's ``SpreadsheetExportMixin`` (CSV and XLSX) and, like the
entries export, every heading and cell passes through
``entries.export.neutralise``, so no text a judge or entrant typed can run as
a formula or break the XLSX file.
"""

from collections import OrderedDict

from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from entries.export import neutralise
from entries.questions import entry_questions, word_counts

from .criteria import round_criteria
from .models import Assignment, ScoreSheet
from .scoring import sheet_total


class ScoresExport(SpreadsheetExportMixin):
    """A round's submitted sheets as a spreadsheet (rows are plain dicts)."""

    def __init__(self, judging_round):
        self.round = judging_round
        self.columns = OrderedDict()
        self.rows = []

    def get_filename(self):
        return f"scores-{self.round.pk}-{timezone.localdate():%Y-%m-%d}"

    def get_heading(self, queryset, field):
        return neutralise(self.columns[field])

    def to_row_dict(self, item):
        return OrderedDict((field, item.get(field, "")) for field in self.list_export)

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def column(self, key: str, heading: str) -> str:
        self.columns.setdefault(key, heading)
        return key

    def build(self) -> list[dict]:
        """The rows, and the columns they use, in a fixed number of queries
        (one for the sheets, one per entry form for its questions)."""
        assignments = (
            Assignment.objects.filter(
                round=self.round,
                active=True,
                sheet__status=ScoreSheet.Status.SUBMITTED,
            )
            .select_related("entry__category", "entry__entry_form", "judge", "sheet")
            .order_by("entry__category__title", "entry__reference", "judge__username")
        )
        questions_for = {}
        for fixed, heading in [
            ("reference", "Reference"),
            ("category", "Category"),
            ("title", "Title"),
            ("judge", "Judge"),
            ("submitted_at", "Submitted (UK time)"),
            ("total", "Weighted total"),
            ("verdict", "Verdict"),
            ("feedback", "Feedback for the entrant"),
        ]:
            self.column(fixed, heading)
        for assignment in assignments:
            entry, sheet = assignment.entry, assignment.sheet
            criteria = round_criteria(self.round, entry.category)
            form_key = (entry.entry_form_id, entry.category_id)
            if form_key not in questions_for:
                questions_for[form_key] = entry_questions(
                    entry.entry_form, entry.category
                )
            questions = questions_for[form_key]
            row = {
                "reference": entry.reference or "",
                "category": entry.category.title,
                "title": entry.title,
                "judge": assignment.judge.get_full_name()
                or assignment.judge.get_username(),
                "submitted_at": timezone.localtime(sheet.submitted_at).strftime(
                    "%Y-%m-%d %H:%M:%S"
                ),
                "total": sheet_total(sheet, criteria, self.round.mode),
                "verdict": sheet.get_verdict_display() if sheet.verdict else "",
                "feedback": sheet.feedback,
            }
            for c in criteria:
                row[self.column(f"score:{c.title}", f"{c.title}: score")] = (
                    sheet.scores.get(c.key, "")
                )
                row[self.column(f"comment:{c.title}", f"{c.title}: comment")] = (
                    sheet.comments.get(c.key, "")
                )
            counts = word_counts(questions, entry.answers)
            for q in questions:
                row[self.column(f"answer:{q.label}", q.label)] = str(
                    entry.answers.get(q.key, "")
                )
                row[self.column(f"words:{q.label}", f"{q.label} (words)")] = counts[
                    q.key
                ]
            self.rows.append(row)
        self.list_export = list(self.columns)
        return self.rows

    def response(self, spreadsheet_format: str):
        """The download, as CSV or XLSX."""
        self.build()
        return self.as_spreadsheet(self.rows, spreadsheet_format)
