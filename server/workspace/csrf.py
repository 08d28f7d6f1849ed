"""CSRF tokens of workspace forms: an HMAC of the session's own secret, so a token is good
for one session only (a form replayed from another session, or posted from another site,
is refused with a 403 page)."""

from __future__ import annotations

import hashlib
import hmac

FIELD = "csrf_token"


def token_for(session_secret: str) -> str:
    return hmac.new(session_secret.encode(), b"workspace-csrf", hashlib.sha256).hexdigest()


def valid(session_secret: str | None, presented: str | None) -> bool:
    if not session_secret or not presented:
        return False
    return hmac.compare_digest(token_for(session_secret), presented)
