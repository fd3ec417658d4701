"""Forms for entrants: the sign-up profile and the entry form."""

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from wagtail.contrib.forms.forms import FormBuilder

from .models import EntrantProfile
from .questions import TITLE_KEY, Question
from .words import count_words


class TelInput(forms.TextInput):
    """A phone number's input: ``type=tel`` brings up the phone keypad."""

    input_type = "tel"


# The autocomplete tokens (WCAG 1.3.5) of the profile's fields, shared by the
# sign-up form and the account page's form so that the two cannot drift.
PROFILE_WIDGETS = {
    "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
    "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
    "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
    "phone": TelInput(attrs={"autocomplete": "tel"}),
}


class EntrantSignupForm(forms.Form):
    """The profile questions allauth's sign-up form adds to email and password.

    Optional fields are not labelled here: the field template adds "(optional)".
    """

    full_name = forms.CharField(
        max_length=150, label="Full name", widget=PROFILE_WIDGETS["full_name"]
    )
    organisation = forms.CharField(
        max_length=200, widget=PROFILE_WIDGETS["organisation"]
    )
    job_title = forms.CharField(
        max_length=150,
        required=False,
        label="Job title",
        widget=PROFILE_WIDGETS["job_title"],
    )
    phone = forms.CharField(
        max_length=40,
        required=False,
        label="Phone number",
        widget=PROFILE_WIDGETS["phone"],
    )
    privacy_consent = forms.BooleanField(
        label="I have read the privacy notice and agree to my details being used "
        "to run the awards",
        error_messages={"required": "Agree to the privacy notice to create an account"},
        help_text=format_lazy(
            '<a href="{}" target="_blank">Read the privacy notice</a> '
            "(opens in a new tab)",
            reverse_lazy("privacy"),
        ),
    )

    def signup(self, request, user):
        """Called by allauth when the account is created: store the profile."""
        EntrantProfile.objects.create(
            user=user,
            full_name=self.cleaned_data["full_name"],
            organisation=self.cleaned_data["organisation"],
            job_title=self.cleaned_data["job_title"],
            phone=self.cleaned_data["phone"],
            privacy_consented_at=timezone.now(),
            privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        )


class WordLimitValidator:
    """Refuses an answer over its word limit, counting as the browser does."""

    def __init__(self, label: str, limit: int):
        self.label, self.limit = label, limit

    def __call__(self, value):
        words = count_words(str(value))
        if words > self.limit:
            raise forms.ValidationError(
                f"{self.label} must be {self.limit} words or fewer: it has {words}"
            )


class EntryForm(forms.Form):
    """The answers to an entry's questions.

    With ``for_submission=False`` (saving a draft) nothing is required and no
    limit applies, so that a draft always saves; submitting checks everything.
    """

    def __init__(self, questions: list[Question], *args, for_submission=False, **kw):
        super().__init__(*args, **kw)
        self.questions = questions
        builder_fields = FormBuilder(
            [q.form_field for q in questions if q.form_field is not None]
        ).formfields
        for question in questions:
            field = builder_fields.get(question.key) or self.text_field(question)
            field.label = question.label
            field.help_text = question.help_text
            field.error_messages["required"] = f"Enter {question.label.lower()}"
            if question.key == TITLE_KEY:
                field.error_messages["required"] = "Enter a title for your entry"
            field.required = for_submission and question.required
            if for_submission and question.word_limit:
                field.validators.append(
                    WordLimitValidator(question.label, question.word_limit)
                )
            self.fields[question.key] = field

    @staticmethod
    def text_field(question: Question) -> forms.Field:
        if question.field_type == "singleline":
            return forms.CharField(max_length=200)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 8}))

    def raw_answers(self) -> dict[str, str]:
        """What the entrant typed, exactly, for every question (drafts keep it)."""
        return {q.key: str(self.data.get(q.key, "")) for q in self.questions}


class DeclarationForm(forms.Form):
    """The entrant's agreement to the entry form's declaration, before submitting."""

    agree = forms.BooleanField(
        label="I agree to the declaration",
        error_messages={"required": "Agree to the declaration to submit your entry"},
    )

    def __init__(self, declaration: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.declaration = declaration
