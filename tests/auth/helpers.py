"""Building clients, staff accounts and sign-ins through the service's own functions and
pages, as a partner or a staff member would."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from auth.clients import CreatedClient, create_client
from auth.users import create_user
from directory.db import Database
from tests.listings.helpers import make

REDIRECT = "https://partner.example.org/callback"
PASSWORD = "correct horse battery staple"
VIEWER = "{ viewer { kind clientId scopes organization { slug } } }"


async def organization(db: Database, slug: str) -> uuid.UUID:
    return await make(db, slug=slug, name=f"Organización {slug}")


async def partner(
    db: Database, scope: str, *, organization: str | None = None, grant: str = "client_credentials"
) -> CreatedClient:
    return await create_client(
        db,
        name="Línea Partner Hotline",
        scope=scope,
        organization_slug=organization,
        grant=grant,
        redirect_uris=[REDIRECT] if grant == "authorization_code" else None,
    )


async def staff(db: Database, email: str, organization: str, role: str = "editor") -> None:
    await create_user(db, email=email, organization_slug=organization, role=role, password=PASSWORD)


def basic(client: CreatedClient) -> httpx.BasicAuth:
    return httpx.BasicAuth(client.client_id, client.client_secret)


async def client_token(
    http: httpx.AsyncClient, client: CreatedClient, scope: str | None = None
) -> str:
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    response = await http.post("/oauth/token", data=data, auth=basic(client))
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


async def viewer(http: httpx.AsyncClient, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.post("/graphql", json={"query": VIEWER}, headers=headers)


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


@dataclass
class Form:
    """The sign-in page as a browser sees it: its hidden fields and CSRF token."""

    fields: dict[str, str]
    page: str


def read_form(page: str) -> Form:
    fields = {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    }
    return Form(fields, page)


def authorization_params(
    client: CreatedClient, challenge: str | None, **extra: str
) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": REDIRECT,
        "state": "xyz-state",
    }
    if challenge is not None:
        params.update(code_challenge=challenge, code_challenge_method="S256")
    params.update(extra)
    return {k: v for k, v in params.items() if v != ""}


async def sign_in(
    http: httpx.AsyncClient,
    client: CreatedClient,
    *,
    email: str,
    password: str = PASSWORD,
    challenge: str,
    scope: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Open the sign-in page, then submit it with these credentials (approving)."""
    extra = {"scope": scope} if scope else {}
    page = await http.get(
        "/oauth/authorize", params=authorization_params(client, challenge, **extra), headers=headers
    )
    assert page.status_code == 200, page.text
    form = read_form(page.text)
    return await http.post(
        "/oauth/authorize",
        data={**form.fields, "email": email, "password": password, "decision": "approve"},
        headers=headers,
    )


def redirect_params(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def code_for(
    http: httpx.AsyncClient, client: CreatedClient, email: str, scope: str | None = None
) -> tuple[str, str]:
    """A fresh authorization code and its PKCE verifier."""
    verifier, challenge = pkce()
    params = redirect_params(
        await sign_in(http, client, email=email, challenge=challenge, scope=scope)
    )
    assert params["state"] == "xyz-state"
    return params["code"], verifier


async def exchange(
    http: httpx.AsyncClient, client: CreatedClient, code: str, verifier: str | None
) -> httpx.Response:
    data: dict[str, Any] = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
    }
    if verifier is not None:
        data["code_verifier"] = verifier
    return await http.post("/oauth/token", data=data, auth=basic(client))
