"""RFC 6750: bad, expired and foreign tokens get 401 with WWW-Authenticate; anonymous_read."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from auth import store
from auth.keys import SigningKeys
from auth.tokens import TokenSigner
from tests.auth.conftest import Service
from tests.auth.helpers import client_token, partner, viewer


async def test_an_expired_token_is_401_with_www_authenticate(service: Service) -> None:
    client = await partner(service.db, "directory:read")
    signer = service.auth.signer
    token, claims = signer.issue(
        client_id=client.client_id, scope=("directory:read",), now=int(time.time()) - 7200
    )
    await store.save_tokens(service.db, claims)
    response = await viewer(service.http, token)
    assert response.status_code == 401
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ") and 'error="invalid_token"' in challenge
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_garbage_and_foreign_tokens_are_401(service: Service, tmp_path: Path) -> None:
    client = await partner(service.db, "directory:read")
    foreign_keys = SigningKeys(tmp_path / "elsewhere.pem")
    foreign_keys.ensure()
    foreign, _ = TokenSigner(foreign_keys, "http://testserver", 600).issue(
        client_id=client.client_id, scope=("directory:admin",)
    )
    for token in ("garbage", foreign, (await client_token(service.http, client))[:-4] + "AAAA"):
        response = await viewer(service.http, token)
        assert response.status_code == 401, token
        assert 'error="invalid_token"' in response.headers["www-authenticate"]


async def test_a_signed_token_never_issued_is_refused(service: Service) -> None:
    """A valid signature is not enough: the token must be in the issued-token table."""
    client = await partner(service.db, "directory:read")
    token, _ = service.auth.signer.issue(client_id=client.client_id, scope=("directory:admin",))
    assert (await viewer(service.http, token)).status_code == 401


async def test_hsds_answers_401_in_its_own_shape(service: Service) -> None:
    response = await service.http.get("/hsds/organizations", headers={"Authorization": "Bearer x"})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


async def test_without_a_token_anonymous_read_decides(start: Any) -> None:
    async with start(anonymous_read=True) as open_service:
        answer = (await viewer(open_service.http, None)).json()
        assert answer["data"]["viewer"]["kind"] == "ANONYMOUS"
    async with start(anonymous_read=False) as closed:
        for path in ("/graphql", "/hsds/organizations", "/hsds/"):
            response = await closed.http.get(path, params={"query": "{ viewer { kind } }"})
            assert response.status_code == 401, path
            assert response.headers["www-authenticate"].startswith("Bearer")
        posted = await viewer(closed.http, None)
        assert posted.status_code == 401
        assert posted.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        # The GraphiQL page holds no data: it stays reachable, to paste a token into.
        page = await closed.http.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert (await closed.http.get("/healthz")).status_code == 200
        client = await partner(closed.db, "directory:read")
        token = await client_token(closed.http, client)
        assert (await viewer(closed.http, token)).json()["data"]["viewer"]["kind"] == "CLIENT"
