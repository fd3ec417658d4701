"""The entrant's account page: profile, email and password, their data, deletion.

Changing the email address and the password are allauth's own views (the new
address is confirmed by email before it replaces the old); these views add the
profile, the download of everything held, and deleting the account.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .forms import PROFILE_WIDGETS
from .lifecycle import delete_account
from .models import EntrantProfile
from .personal_data import personal_data


class ProfileForm(forms.ModelForm):
    """The entrant's own details, as given at sign-up."""

    class Meta:
        model = EntrantProfile
        fields = ["full_name", "organisation", "job_title", "phone"]
        labels = {
            "full_name": "Full name",
            "job_title": "Job title",
            "phone": "Phone number",
        }
        widgets = PROFILE_WIDGETS


class DeleteAccountForm(forms.Form):
    """Deleting the account asks for the password, so that nobody else can."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to delete your account"},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right")
        return password


@login_required
@require_GET
def account_home(request):
    """What we hold about the entrant, with a way to change or remove each part."""
    profile = getattr(request.user, "entrant", None)
    return render(request, "entries/account/home.html", {"profile": profile})


@login_required
def edit_profile(request):
    """Change name, organisation, job title and phone."""
    profile = getattr(request.user, "entrant", None)
    if profile is None:
        profile = EntrantProfile(
            user=request.user,
            privacy_consented_at=timezone.now(),
            privacy_notice_version="",
        )
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your details have been saved.")
        return redirect("myaccount:home")
    status = 400 if form.errors else 200
    return render(
        request, "entries/account/profile.html", {"form": form}, status=status
    )


@login_required
@require_GET
def download_data(request):
    """Everything the site holds about the entrant, as a JSON file."""
    data = json.dumps(personal_data(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="health-partnership-awards-my-data-{stamp}.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account_view(request):
    """Say what deleting the account does, ask for the password, then do it."""
    entries = request.user.entries.select_related("category").order_by("created_at")
    submitted = [entry for entry in entries if entry.reference]
    drafts = [entry for entry in entries if not entry.reference]
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_account(request.user)
        logout(request)
        messages.success(
            request, "Your account and everything in it have been deleted."
        )
        return redirect("/")
    context = {"form": form, "submitted": submitted, "drafts": drafts}
    status = 400 if form.errors else 200
    return render(request, "entries/account/delete.html", context, status=status)
