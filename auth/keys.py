"""The key that signs access tokens: created on first run, rotatable, published as JWKS.

The private key is a PEM file (mode 0600) at ``settings.signing_key``; rotating moves it to
``<file>.previous`` and writes a new one. Tokens are verified against both, so tokens signed
before a rotation stay valid until they expire (at most an hour), and the JWKS document
publishes both public keys. Each key's ``kid`` is its RFC 7638 thumbprint. Every service
process re-reads the files when they change, so a rotation done by ``directory keys rotate``
reaches running processes within a second.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import threading
import time
from pathlib import Path
from typing import Any

from joserfc.jwk import KeySet, RSAKey

ALGORITHM = "RS256"
"""RFC 9068 requires resource servers to support RS256; every JOSE library does."""
RELOAD_EVERY = 1.0


def _generate() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"use": "sig", "alg": ALGORITHM})


def _load(path: Path) -> RSAKey | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    key = RSAKey.import_key(data, parameters={"use": "sig", "alg": ALGORITHM})
    key.ensure_kid()
    return key


def _write_private(path: Path, key: RSAKey, *, exclusive: bool) -> None:
    """Write ``key`` as PEM with mode 0600 (created that way, never readable by others)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.as_pem(private=True))
    os.chmod(path, 0o600)


class SigningKeys:
    """The current signing key and the previous one, read from disk."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.previous_path = self.path.with_name(self.path.name + ".previous")
        self._lock = threading.Lock()
        self._checked = 0.0
        self._stamp: tuple[int, int] | None = None
        self._current: RSAKey | None = None
        self._previous: RSAKey | None = None
        self._derived: dict[str, list[bytes]] = {}

    def ensure(self) -> None:
        """Create the key if there is none yet (first run); safe when processes race."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.path.exists():
            with contextlib.suppress(FileExistsError):
                _write_private(self.path, _generate(), exclusive=True)
        self._reload(force=True)

    def rotate(self) -> str:
        """Make a new current key; the old one becomes the previous. Returns the new kid."""
        self.ensure()
        new = _generate()
        new.ensure_kid()
        staged_previous = self.path.with_name(self.path.name + ".previous.tmp")
        staged_current = self.path.with_name(self.path.name + ".tmp")
        _write_private(staged_previous, self.current(), exclusive=False)
        _write_private(staged_current, new, exclusive=False)
        os.replace(staged_previous, self.previous_path)
        os.replace(staged_current, self.path)
        self._reload(force=True)
        return str(new.kid)

    def reload(self) -> None:
        """Re-read the key files now (processes otherwise notice changes within a second)."""
        self._reload(force=True)

    def _stat(self) -> tuple[int, int]:
        def mtime(path: Path) -> int:
            try:
                return path.stat().st_mtime_ns
            except FileNotFoundError:
                return 0

        return mtime(self.path), mtime(self.previous_path)

    def _reload(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked < RELOAD_EVERY and self._current is not None:
            return
        with self._lock:
            self._checked = now
            stamp = self._stat()
            if not force and stamp == self._stamp and self._current is not None:
                return
            current = _load(self.path)
            if current is None:
                raise OSError(f"signing key {self.path} is missing")
            self._current, self._previous, self._stamp = current, _load(self.previous_path), stamp
            self._derived = {}

    def current(self) -> RSAKey:
        self._reload()
        assert self._current is not None
        return self._current

    def verification_keys(self) -> KeySet:
        self._reload()
        assert self._current is not None
        return KeySet([k for k in (self._current, self._previous) if k is not None])

    def jwks(self) -> dict[str, Any]:
        """The public keys, current first (``/.well-known/jwks.json``)."""
        return dict(self.verification_keys().as_dict(private=False))

    def derived_secrets(self, purpose: str) -> list[bytes]:
        """HMAC keys for ``purpose`` derived from the current and previous private keys, so
        that every process holding the signing key agrees on them (CSRF tokens)."""
        self._reload()
        found = self._derived.get(purpose)
        if found is None:
            keys = [k for k in (self._current, self._previous) if k is not None]
            found = [
                hmac.new(k.as_pem(private=True), purpose.encode(), hashlib.sha256).digest()
                for k in keys
            ]
            self._derived[purpose] = found
        return found
