"""The admin's forms for rounds and panels: programmes and categories as plain
choices by title, rather than page choosers (there are few of them)."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from categories.models import CategoryPage, ProgrammePage


class JudgingRoundForm(WagtailAdminModelForm):
    """A round: its programme from a list, its categories as checkboxes."""

    programme = forms.ModelChoiceField(queryset=ProgrammePage.objects.order_by("title"))
    categories = forms.ModelMultipleChoiceField(
        queryset=CategoryPage.objects.order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class PanelForm(WagtailAdminModelForm):
    """A panel: its category from a list."""

    category = forms.ModelChoiceField(queryset=CategoryPage.objects.order_by("title"))
