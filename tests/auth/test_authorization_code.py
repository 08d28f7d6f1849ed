"""authorization_code with PKCE S256 required: NGO staff sign in and approve."""

from __future__ import annotations

from tests.auth.conftest import Service
from tests.auth.helpers import (
    REDIRECT,
    authorization_params,
    code_for,
    exchange,
    organization,
    partner,
    pkce,
    read_form,
    redirect_params,
    sign_in,
    staff,
    viewer,
)

APP_SCOPE = "directory:read listings:write"


async def _setup(service: Service) -> object:
    await organization(service.db, "casa-refugio")
    await staff(service.db, "ana@casa-refugio.example", "casa-refugio")
    return await partner(service.db, APP_SCOPE, grant="authorization_code")


async def test_staff_sign_in_and_the_token_carries_their_organization(service: Service) -> None:
    client = await _setup(service)
    code, verifier = await code_for(service.http, client, "ana@casa-refugio.example")  # type: ignore[arg-type]
    response = await exchange(service.http, client, code, verifier)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scope"] == APP_SCOPE and body["refresh_token"]
    answer = (await viewer(service.http, body["access_token"])).json()
    assert answer["data"]["viewer"]["kind"] == "USER"
    assert answer["data"]["viewer"]["organization"] == {"slug": "casa-refugio"}
    assert answer["data"]["viewer"]["scopes"] == ["directory:read", "listings:write"]


async def test_a_wrong_verifier_is_invalid_grant(service: Service) -> None:
    client = await _setup(service)
    code, _ = await code_for(service.http, client, "ana@casa-refugio.example")  # type: ignore[arg-type]
    other, _ = pkce()
    response = await exchange(service.http, client, code, other)  # type: ignore[arg-type]
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


async def test_a_missing_verifier_is_refused(service: Service) -> None:
    client = await _setup(service)
    code, _ = await code_for(service.http, client, "ana@casa-refugio.example")  # type: ignore[arg-type]
    response = await exchange(service.http, client, code, None)  # type: ignore[arg-type]
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    assert "access_token" not in response.json()


async def test_the_plain_method_and_a_missing_challenge_are_refused(service: Service) -> None:
    client = await _setup(service)
    verifier, _ = pkce()
    plain = authorization_params(
        client, None, code_challenge=verifier, code_challenge_method="plain"
    )  # type: ignore[arg-type]
    no_method = authorization_params(client, None, code_challenge=verifier)  # type: ignore[arg-type]
    missing = authorization_params(client, None)  # type: ignore[arg-type]
    for params in (plain, no_method, missing):
        response = await service.http.get("/oauth/authorize", params=params)
        error = redirect_params(response)
        assert error["error"] == "invalid_request"
        assert error["state"] == "xyz-state"
        assert "code" not in error


async def test_a_code_works_once_and_reuse_revokes_what_it_gave(service: Service) -> None:
    client = await _setup(service)
    code, verifier = await code_for(service.http, client, "ana@casa-refugio.example")  # type: ignore[arg-type]
    first = await exchange(service.http, client, code, verifier)  # type: ignore[arg-type]
    token = first.json()["access_token"]
    assert (await viewer(service.http, token)).status_code == 200
    second = await exchange(service.http, client, code, verifier)  # type: ignore[arg-type]
    assert second.status_code == 400 and second.json()["error"] == "invalid_grant"
    assert (await viewer(service.http, token)).status_code == 401


async def test_a_scope_beyond_the_client_or_the_role_is_invalid_scope(service: Service) -> None:
    client = await _setup(service)
    _, challenge = pkce()
    beyond_client = await service.http.get(
        "/oauth/authorize",
        params=authorization_params(client, challenge, scope="directory:write"),  # type: ignore[arg-type]
    )
    assert redirect_params(beyond_client)["error"] == "invalid_scope"

    wide = await partner(service.db, "directory:read directory:admin", grant="authorization_code")
    response = await sign_in(
        service.http,
        wide,
        email="ana@casa-refugio.example",
        challenge=challenge,
        scope="directory:admin",
    )
    assert redirect_params(response)["error"] == "invalid_scope"


async def test_an_unknown_redirect_uri_is_never_redirected_to(service: Service) -> None:
    client = await _setup(service)
    _, challenge = pkce()
    params = authorization_params(client, challenge, redirect_uri="https://evil.example/cb")  # type: ignore[arg-type]
    response = await service.http.get("/oauth/authorize", params=params)
    assert response.status_code == 400
    assert "evil.example" not in response.headers.get("location", "")


async def test_denying_sends_access_denied_back(service: Service) -> None:
    client = await _setup(service)
    _, challenge = pkce()
    page = await service.http.get(
        "/oauth/authorize",
        params=authorization_params(client, challenge),  # type: ignore[arg-type]
    )
    form = read_form(page.text)
    response = await service.http.post(
        "/oauth/authorize", data={**form.fields, "decision": "deny", "email": "", "password": ""}
    )
    params = redirect_params(response)
    assert params["error"] == "access_denied" and "code" not in params
    assert response.headers["location"].startswith(REDIRECT)
