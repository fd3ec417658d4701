"""What the WSGI server hands Django: only requests Django can decode.

Django builds its request object before any middleware or error handler runs,
and building it decodes the query string in the body's charset. A charset that
is not a text encoding (``Content-Type: text/plain; charset=rot13``) makes
that a ``LookupError`` inside Django's WSGI handler itself: no handler can
answer, and gunicorn sends an empty 500. The site's forms and APIs speak
UTF-8 only, so any other charset is refused here, with a 400 and the reason.
"""

import codecs

from django.utils.http import parse_header_parameters

# ASCII is a subset of UTF-8: a client that says so is sending UTF-8.
READABLE = {"utf-8", "ascii"}


def unreadable_charset(content_type: str) -> str | None:
    """The charset named by a Content-Type header, if it is not UTF-8."""
    _, params = parse_header_parameters(content_type)
    charset = params.get("charset")
    if charset is None:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return charset
    return None if name in READABLE else charset


def refuse_unreadable_charsets(application):
    """Wrap a WSGI application: a request in another charset gets a 400."""

    def wrapped(environ, start_response):
        charset = unreadable_charset(environ.get("CONTENT_TYPE", ""))
        if charset is None:
            return application(environ, start_response)
        # The header arrived as Latin-1 text (PEP 3333): show it safely.
        shown = charset.encode("latin-1", "replace").decode("ascii", "replace")
        body = (
            f"The request's charset ({shown!r}) is not supported: send UTF-8.\n"
        ).encode()
        start_response(
            "400 Bad Request",
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [body]

    return wrapped
