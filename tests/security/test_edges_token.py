"""``/oauth/token``: unknown client ≡ wrong secret, failed client authentication is
throttled, and a failed PKCE attempt spends the authorization code."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import auth.secrets
from directory.db import Database
from directory.settings import Settings
from tests.auth.helpers import code_for, exchange, organization, partner, pkce, staff
from tests.security.edges_app import running

GRANT = {"grant_type": "client_credentials"}


class ArgonCalls:
    """Counts argon2 verifications (the work that makes a refusal slow)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self.real = auth.secrets._hasher
        monkeypatch.setattr(auth.secrets, "_hasher", self)

    def verify(self, *args: Any) -> Any:
        self.count += 1
        return self.real.verify(*args)


async def test_an_unknown_client_and_a_wrong_secret_get_the_same_answer_and_work(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = await partner(db, "directory:read")
    argon = ArgonCalls(monkeypatch)
    async with running(db, settings) as http:
        wrong = await http.post("/oauth/token", data=GRANT, auth=(known.client_id, "x" * 43))
        wrong_work, argon.count = argon.count, 0
        unknown = await http.post("/oauth/token", data=GRANT, auth=("no-such-client", "x" * 43))
        unknown_work, argon.count = argon.count, 0
        posted = await http.post(
            "/oauth/token", data={**GRANT, "client_id": "nobody", "client_secret": "x"}
        )
        posted_work = argon.count
    assert (wrong.status_code, unknown.status_code) == (401, 401)
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"] == "invalid_client"
    assert posted.json() == unknown.json()
    assert wrong_work == unknown_work == posted_work == 1


async def test_failed_client_authentications_are_throttled_like_sign_ins(
    db: Database, settings: Settings
) -> None:
    known = await partner(db, "directory:read")
    async with running(db, settings) as http:
        failures = [
            await http.post("/oauth/token", data=GRANT, auth=(known.client_id, "wrong"))
            for _ in range(5)
        ]
        blocked = await http.post(
            "/oauth/token", data=GRANT, auth=(known.client_id, known.client_secret)
        )
        other = await partner(db, "directory:read")
        unaffected = await http.post(
            "/oauth/token", data=GRANT, auth=(other.client_id, other.client_secret)
        )
    assert [f.status_code for f in failures] == [401] * 5
    assert blocked.status_code == 429
    assert blocked.json()["error"] == "invalid_client"
    assert int(blocked.headers["Retry-After"]) >= 1
    assert "access_token" not in blocked.json()
    assert unaffected.status_code == 200


async def _code(http: httpx.AsyncClient, db: Database) -> tuple[Any, str, str]:
    await organization(db, "casa-refugio")
    await staff(db, "ana@casa-refugio.example", "casa-refugio")
    client = await partner(db, "directory:read", grant="authorization_code")
    code, verifier = await code_for(http, client, "ana@casa-refugio.example")
    return client, code, verifier


async def test_a_failed_pkce_attempt_spends_the_code(db: Database, settings: Settings) -> None:
    async with running(db, settings) as http:
        client, code, verifier = await _code(http, db)
        guessed, _ = pkce()
        failed = await exchange(http, client, code, guessed)
        then = await exchange(http, client, code, verifier)
    assert failed.status_code == 400 and failed.json()["error"] == "invalid_grant"
    assert then.status_code == 400 and then.json()["error"] == "invalid_grant"
    assert "access_token" not in then.json()


async def test_a_missing_verifier_spends_the_code_too(db: Database, settings: Settings) -> None:
    async with running(db, settings) as http:
        client, code, verifier = await _code(http, db)
        failed = await exchange(http, client, code, None)
        then = await exchange(http, client, code, verifier)
    assert failed.status_code == 400
    assert then.status_code == 400 and "access_token" not in then.json()
