"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from base.wsgi import refuse_unreadable_charsets

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = refuse_unreadable_charsets(get_wsgi_application())
