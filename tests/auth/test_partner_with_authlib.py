"""A partner system using authlib's own httpx client, as its integration would."""

from __future__ import annotations

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client

from tests.auth.conftest import Service
from tests.auth.helpers import partner


async def test_authlib_async_client_gets_a_token_and_queries_graphql(service: Service) -> None:
    registered = await partner(service.db, "directory:read")
    transport = httpx.ASGITransport(app=service.app)
    async with AsyncOAuth2Client(
        client_id=registered.client_id,
        client_secret=registered.client_secret,
        scope="directory:read",
        token_endpoint="http://testserver/oauth/token",
        base_url="http://testserver",
        transport=transport,
    ) as oauth:
        token = await oauth.fetch_token(grant_type="client_credentials")
        assert token["token_type"] == "Bearer" and token["scope"] == "directory:read"
        response = await oauth.post(
            "/graphql", json={"query": "{ viewer { kind clientId scopes } }"}
        )
        assert response.status_code == 200
        assert response.json()["data"]["viewer"] == {
            "kind": "CLIENT",
            "clientId": registered.client_id,
            "scopes": ["directory:read"],
        }
        introspected = await oauth.introspect_token(
            "http://testserver/oauth/introspect", token=token["access_token"]
        )
        assert introspected.json()["active"] is True
        await oauth.revoke_token("http://testserver/oauth/revoke", token=token["access_token"])
        after = await oauth.post("/graphql", json={"query": "{ viewer { kind } }"})
        assert after.status_code == 401
