"""django-allauth's adapter: what the site changes in how accounts work."""

import json

import yaml
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.decorators import login_not_required
from allauth.core import context as allauth_context
from allauth.headless.spec.internal.schema import get_schema
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.views.decorators.http import require_GET

from .address import on_site
from .client_ip import client_address
from .email import queue_message, site_context


class AccountAdapter(DefaultAccountAdapter):
    """allauth, with the client's address taken by the site's one rule."""

    # "Successfully signed in as ...": sign-in lands on the page asked for,
    # whose header says who is signed in; in the admin, Wagtail would show it
    # in a colour too faint to read (WCAG contrast).
    SILENT_MESSAGES = {"account/messages/logged_in.txt"}

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits count by (``base/client_ip.py``)."""
        return client_address(request)

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's emails, signed with the site's name and address.

        allauth would name the host the request arrived on ("Hello from
        127.0.0.1:8000!"); the site's emails name the site as Settings > Sites
        has it (``base/email.py``), in the templates under
        ``templates/account/email/``.
        """
        context = {**site_context(), **context}
        return super().render_mail(template_prefix, email, context, headers)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The confirmation link, on the site's address (SITE_URL), whatever
        host the request came in on."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        return on_site(url, request)

    def get_reset_password_from_key_url(self, key: str) -> str:
        """The password-reset link, on the site's address (SITE_URL)."""
        return on_site(super().get_reset_password_from_key_url(key), self.request)

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        """allauth's messages, but for those in ``SILENT_MESSAGES``."""
        if message_template in self.SILENT_MESSAGES:
            return None
        return super().add_message(request, level, message_template, *args, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's email, rendered as allauth does, sent through the outbox
        (``base.email.queue_message``) rather than in the request."""
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        queue_message(self.render_mail(template_prefix, email, ctx), template_prefix)


def _resolved(value):
    """``value`` with Django's lazy strings made plain ones, all the way down."""
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_resolved(item) for item in value]
    if isinstance(value, Promise):
        return str(value)
    return value


@login_not_required
@require_GET
def headless_specification(request, format):
    """allauth's headless OpenAPI document, as JSON or YAML.

    allauth serves it itself (``HEADLESS_SERVE_SPECIFICATION``) but writes the
    sign-up form's help texts as they are, and ours is a lazy string (it
    names the privacy notice's URL), which neither JSON nor YAML can write.
    """
    spec = _resolved(get_schema())
    if format == "yaml":
        return HttpResponse(
            yaml.safe_dump(spec, sort_keys=False),
            content_type="application/vnd.oai.openapi",
        )
    return HttpResponse(
        json.dumps(spec), content_type="application/vnd.oai.openapi+json"
    )


def headless_not_offered(request, *args, **kwargs):
    """404 for allauth's headless endpoints of what the site does not use
    (phone numbers): allauth routes them whatever the settings, and its
    adapter has no phone to give (a 500)."""
    return JsonResponse(
        {
            "status": 404,
            "errors": [{"message": "Not offered on this site.", "code": "not_found"}],
        },
        status=404,
    )
