"""Authenticator-app codes for the tests, computed as an app does (RFC 6238),
apart from allauth's own code."""

import base64
import hashlib
import hmac
import struct
import time

# The secret the test helpers enrol (base32, as an app is given it).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """The six-digit code for ``secret`` at ``at`` (now by default)."""
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret.upper().replace(" ", ""))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def enrol_totp(user, secret: str = TOTP_SECRET):
    """Give ``user`` an authenticator app, as enrolling in allauth.mfa does."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    return user
