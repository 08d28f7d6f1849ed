"""Hashing of what callers present: passwords and client secrets (argon2), codes and
refresh tokens (SHA-256), and the random strings themselves."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("no account has this password")


def hash_secret(secret: str) -> str:
    """An argon2id hash of a password or client secret."""
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """Whether ``secret`` matches ``stored_hash``; with no hash, spends the same time and fails
    (so an unknown e-mail address takes as long to refuse as a wrong password)."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, secret) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def digest(value: str) -> str:
    """SHA-256 hex digest: how long random strings (codes, refresh tokens) are stored."""
    return hashlib.sha256(value.encode()).hexdigest()


def random_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


class VerifiedSecrets:
    """Remembers, in this process, client secrets argon2 already accepted.

    A client secret is 256 random bits, so a SHA-256 fingerprint of it reveals nothing an
    attacker could use; remembering it saves the ~50 ms argon2 verification on every token
    request of a busy partner. The entry is keyed by the stored hash too: a new secret or a
    deleted client no longer matches.
    """

    def __init__(self, size: int = 1024) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def verify(self, stored_hash: str, secret: str) -> bool:
        key = digest(stored_hash + "\x00" + secret)
        with self._lock:
            if key in self._seen:
                self._seen.move_to_end(key)
                return True
        if not verify_secret(stored_hash, secret):
            return False
        with self._lock:
            self._seen[key] = None
            while len(self._seen) > self._size:
                self._seen.popitem(last=False)
        return True


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
