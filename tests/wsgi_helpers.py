"""Requests through the project's own WSGI application, as gunicorn sends them.

Django's test client builds its request objects itself, so it never meets what
the WSGI server hands the application (``config/wsgi.py``): a query string
Django cannot decode fails there, before any handler. These helpers build the
WSGI environ by hand and call ``config.wsgi.application``.
"""

import io
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes
from wsgiref.util import setup_testing_defaults

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

# The CSRF cookie and header of every helper request: equal, so they pass.
CSRF_TOKEN = "t" * 32


@dataclass
class WsgiResponse:
    """What the application answered."""

    status: int
    headers: dict[str, str]
    body: bytes


def wsgi_request(
    method: str,
    path: str,
    query: str = "",
    body: bytes = b"",
    content_type: str = "",
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    remote_addr: str = "127.0.0.1",
    stream=None,
) -> WsgiResponse:
    """Send one request to ``config.wsgi.application`` and return its answer.

    ``path`` is percent-encoded, as on the wire; the server's decoding of it
    (bytes as Latin-1 text, PEP 3333) is done here. ``stream``, if given, is
    the body to read from (``body`` then only gives its length).
    """
    from config.wsgi import application

    cookies = {"csrftoken": CSRF_TOKEN, **(cookies or {})}
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": query,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": stream or io.BytesIO(body),
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "HTTP_X_CSRFTOKEN": CSRF_TOKEN,
        "REMOTE_ADDR": remote_addr,
    }
    if content_type:
        environ["CONTENT_TYPE"] = content_type
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = int(status.split()[0])
        started["headers"] = dict(response_headers)

    # As Django's test client does: the test's transaction must outlive the
    # request, so the handler may not close the connection at either end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return WsgiResponse(started["status"], started["headers"], content)
