"""refresh_token with rotation: each refresh token works once; reuse revokes the family."""

from __future__ import annotations

import httpx

from auth.clients import CreatedClient
from tests.auth.conftest import Service
from tests.auth.helpers import basic, code_for, exchange, organization, partner, staff, viewer


async def _signed_in(service: Service) -> tuple[CreatedClient, dict[str, str]]:
    await organization(service.db, "casa-refugio")
    await staff(service.db, "ana@casa-refugio.example", "casa-refugio")
    client = await partner(service.db, "directory:read listings:write", grant="authorization_code")
    code, verifier = await code_for(service.http, client, "ana@casa-refugio.example")
    return client, (await exchange(service.http, client, code, verifier)).json()


async def _refresh(
    http: httpx.AsyncClient, client: CreatedClient, token: str, scope: str | None = None
) -> httpx.Response:
    data = {"grant_type": "refresh_token", "refresh_token": token}
    if scope:
        data["scope"] = scope
    return await http.post("/oauth/token", data=data, auth=basic(client))


async def test_a_refresh_rotates_the_refresh_token(service: Service) -> None:
    client, first = await _signed_in(service)
    response = await _refresh(service.http, client, first["refresh_token"])
    assert response.status_code == 200, response.text
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    answer = (await viewer(service.http, second["access_token"])).json()
    assert answer["data"]["viewer"]["organization"] == {"slug": "casa-refugio"}
    third = await _refresh(service.http, client, second["refresh_token"])
    assert third.status_code == 200


async def test_a_reused_refresh_token_is_refused_and_its_whole_family_revoked(
    service: Service,
) -> None:
    client, first = await _signed_in(service)
    second = (await _refresh(service.http, client, first["refresh_token"])).json()

    reuse = await _refresh(service.http, client, first["refresh_token"])
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"

    # The legitimate holder's newer tokens are gone too: someone has a copy of the family.
    assert (await _refresh(service.http, client, second["refresh_token"])).status_code == 400
    assert (await viewer(service.http, second["access_token"])).status_code == 401
    assert (await viewer(service.http, first["access_token"])).status_code == 401


async def test_a_refresh_may_narrow_but_not_widen_the_scope(service: Service) -> None:
    client, first = await _signed_in(service)
    wider = await _refresh(service.http, client, first["refresh_token"], "directory:admin")
    assert wider.status_code == 400 and wider.json()["error"] == "invalid_scope"
    narrower = await _refresh(service.http, client, first["refresh_token"], "directory:read")
    assert narrower.status_code == 200 and narrower.json()["scope"] == "directory:read"


async def test_another_clients_refresh_token_is_refused(service: Service) -> None:
    _, first = await _signed_in(service)
    other = await partner(service.db, "directory:read", grant="authorization_code")
    response = await _refresh(service.http, other, first["refresh_token"])
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
