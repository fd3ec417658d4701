"""Staff accounts in the admin (Settings > Users), with an optional last name.

Wagtail's own forms require a first and a last name. Not everyone has a last
name, so only the first name (the one the admin greets people by) is required.
The app config in ``apps.py`` puts this viewset in place of Wagtail's.
"""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

LAST_NAME = forms.CharField(
    required=False, label="Last name", help_text="Leave empty if there is none."
)


class StaffCreationForm(UserCreationForm):
    """Wagtail's form for a new account, with the last name optional."""

    last_name = LAST_NAME


class StaffEditForm(UserEditForm):
    """Wagtail's form for changing an account, with the last name optional."""

    last_name = LAST_NAME


class UserViewSet(WagtailUserViewSet):
    """Wagtail's users area, with the forms above."""

    def get_form_class(self, for_update=False):
        return StaffEditForm if for_update else StaffCreationForm
