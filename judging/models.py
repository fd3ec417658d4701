"""Judging: rounds, panels, assignments, conflicts, score sheets and results.

The rules live in small modules beside this one: ``state.py`` (a round's
window), ``assignment.py`` (who judges what), ``scoring.py`` (totals and
normalisation) and ``sheets.py`` (every change of a score sheet). Models hold
data only.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)

from .forms import JudgingRoundForm, PanelForm


class RoundMode(models.TextChoices):
    """How judges judge in a round."""

    SCORING = "scoring", "Scoring against the criteria"
    PASS_FAIL = "pass_fail", "Pass or fail (qualifying)"


class JudgingRound(ClusterableModel):
    """One round of judging in a programme, e.g. "Shortlisting", then "Final".

    Its window (``opens_at`` inclusive to ``closes_at`` exclusive, stored in
    UTC) decides its state through ``judging.state.round_status`` alone.
    ``judges_per_entry`` empty means every panel member judges every entry.
    """

    programme = models.ForeignKey(
        "categories.ProgrammePage", on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(max_length=120, help_text="E.g. Shortlisting, Final.")
    opens_at = models.DateTimeField("opens at")
    closes_at = models.DateTimeField("closes at")
    mode = models.CharField(
        max_length=20, choices=RoundMode.choices, default=RoundMode.SCORING
    )
    scale_min = models.PositiveSmallIntegerField("lowest score", default=0)
    scale_max = models.PositiveSmallIntegerField("highest score", default=10)
    categories = ParentalManyToManyField(
        "categories.CategoryPage", related_name="judging_rounds", blank=True
    )
    weights = models.JSONField(
        default=dict,
        blank=True,
        help_text='Optional weight per criterion title, e.g. {"Impact": 2}. '
        "A criterion not named weighs 1.",
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        "judges per entry",
        null=True,
        blank=True,
        help_text="Leave empty for every panel member to judge every entry.",
    )
    seed = models.CharField(
        max_length=40,
        blank=True,
        help_text="The draw's seed: the same seed draws the same judges.",
    )
    blind = models.BooleanField(
        default=True,
        help_text="Judges never see who entered. Turn off only if the "
        "programme's rules say judges may know.",
    )
    feedback_released = models.BooleanField(
        default=False,
        help_text="Entrants may read the judges' comments (after the round).",
    )
    previous_round = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_rounds",
        help_text="The round whose shortlist this one judges.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    base_form_class = JudgingRoundForm
    # ``edit_handler``, not ``panels``: ``panels`` is the round's Panel rows.
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldPanel("mode"),
            FieldRowPanel([FieldPanel("scale_min"), FieldPanel("scale_max")]),
            FieldPanel("categories"),
            FieldPanel("weights"),
            MultiFieldPanel(
                [FieldPanel("judges_per_entry"), FieldPanel("seed")], "Assignment"
            ),
            FieldPanel("blind"),
            FieldPanel("feedback_released"),
            FieldPanel("previous_round"),
            InlinePanel("panels", label="Panels"),
        ]
    )

    class Meta:
        ordering = ["opens_at", "pk"]
        permissions = [
            ("run_judging", "Can assign judges, reopen sheets and decide results"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "The round must close after it opens."
        if self.scale_max <= self.scale_min:
            errors["scale_max"] = "The highest score must be above the lowest."
        if not isinstance(self.weights, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and v >= 0
            for v in self.weights.values()
        ):
            errors["weights"] = (
                'Give each weight as a number of 0 or more, e.g. {"Impact": 2}.'
            )
        if errors:
            raise ValidationError(errors)


class Panel(ClusterableModel):
    """The judges of one category in one round; a judge may sit on several.

    Clusterable, so that its judges (a parental many-to-many) are saved with
    the round's form in the admin.
    """

    round = ParentalKey(JudgingRound, on_delete=models.CASCADE, related_name="panels")
    category = models.ForeignKey(
        "categories.CategoryPage", on_delete=models.CASCADE, related_name="+"
    )
    judges = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="judging_panels",
        limit_choices_to={"groups__name": "Judges"},
    )

    base_form_class = PanelForm
    panels = [
        FieldPanel("category"),
        FieldPanel("judges", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "category"], name="one_panel_per_category"
            )
        ]

    def __str__(self):
        return f"{self.round}: {self.category}"


class JudgeProfile(models.Model):
    """A judge's organisation, so that they are never given its entries."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judge"
    )
    organisation = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.organisation or str(self.user)


class Assignment(models.Model):
    """One judge given one entry in one round; set by ``judging.assignment``.

    ``seed`` and ``draw_position`` record the draw that made it (empty and 0
    when every panel member judges). A declared conflict leaves the row, made
    inactive, so that the record stays; ``replaces`` names the assignment that
    a replacement stands in for.
    """

    round = models.ForeignKey(
        JudgingRound, on_delete=models.CASCADE, related_name="assignments"
    )
    entry = models.ForeignKey(
        "entries.Entry", on_delete=models.CASCADE, related_name="assignments"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    active = models.BooleanField(default=True)
    seed = models.CharField(max_length=40, blank=True)
    draw_position = models.PositiveIntegerField(default=0)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entry", "judge"], name="one_assignment_per_judge"
            )
        ]

    def __str__(self):
        return f"{self.entry} to {self.judge} ({self.round})"


class ConflictOfInterest(models.Model):
    """A judge's declared conflict with an entry: they never judge it."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    entry = models.ForeignKey(
        "entries.Entry", on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.TextField()
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "conflicts of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "entry"], name="one_conflict_per_judge_and_entry"
            )
        ]

    def __str__(self):
        return f"{self.judge} and {self.entry}"


class ScoreSheet(models.Model):
    """One judge's scores for one assignment; changed only by ``judging.sheets``.

    ``scores`` and ``comments`` are keyed by the criterion's answer key
    (``criterion-<block id>``); in pass/fail rounds ``verdict`` holds the
    judgement. ``version`` is bumped on every save, as an entry's is, so a
    save from an older copy (another tab) is refused.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    class Verdict(models.TextChoices):
        NONE = "", "Not decided"
        PASS = "pass", "Pass"
        FAIL = "fail", "Fail"

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="sheet"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    scores = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(default=dict, blank=True)
    verdict = models.CharField(
        max_length=10, choices=Verdict.choices, default="", blank=True
    )
    feedback = models.TextField(
        blank=True, help_text="For the entrant, if staff release feedback."
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Sheet for {self.assignment}"


class Outcome(models.TextChoices):
    """What staff decided about an entry in a round."""

    SHORTLISTED = "shortlisted", "Shortlisted"
    WINNER = "winner", "Winner"
    HIGHLY_COMMENDED = "highly_commended", "Highly commended"


class Decision(models.Model):
    """Staff's decision about one entry in one round (at most one)."""

    round = models.ForeignKey(
        JudgingRound, on_delete=models.CASCADE, related_name="decisions"
    )
    entry = models.ForeignKey(
        "entries.Entry", on_delete=models.CASCADE, related_name="decisions"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entry"], name="one_decision_per_round_and_entry"
            )
        ]

    def __str__(self):
        return f"{self.entry}: {self.get_outcome_display()}"


class JudgeReminder(models.Model):
    """A reminder sent to a judge before a round closes: one per judge,
    round and reminder (days before the close)."""

    round = models.ForeignKey(
        JudgingRound, on_delete=models.CASCADE, related_name="reminders"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    deadline = models.DateTimeField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "judge", "deadline", "days_before"],
                name="one_judge_reminder",
            )
        ]

    def __str__(self):
        return f"{self.judge}, {self.round} ({self.days_before} days)"
