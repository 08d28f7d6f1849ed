"""A whole OAuth and write flow against a real service process, logging at DEBUG: no
credential and no CONFIDENTIAL value appears in any log line it writes."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import httpx

from auth.clients import CreatedClient, create_client
from auth.users import create_user
from directory.db import Database
from tests.auth.helpers import exchange, pkce, redirect_params, sign_in
from tests.listings.helpers import make
from tests.ops.conftest import Service, run_cli, service_env

CREATE_CONTACT = """
mutation Add($input: CreateContactInput!) {
  createContact(input: $input) {
    contact { id name phones { number } emails { address } }
    userErrors { field message code }
  }
}
"""
READ_CONTACTS = """
query Contacts($slug: String!) {
  organization(slug: $slug) { id contacts { name visibility phones { number } emails { address } } }
}
"""


async def test_no_secret_or_confidential_value_reaches_the_logs(
    tmp_path: Path, pg_url: str, services: list[Service]
) -> None:
    env = service_env(tmp_path, pg_url, DIRECTORY_LOG_LEVEL="DEBUG")
    assert run_cli(env, "db", "upgrade").returncode == 0
    marker = secrets.token_hex(6)
    password = f"canary-password-{marker}"
    wrong_password = f"canary-wrong-password-{marker}"
    wrong_secret = f"canary-wrong-secret-{marker}"
    confidential_email = f"casa-{marker}@refugio-seguro.example"
    confidential_name = f"Casa segura {marker}"
    digits = str(secrets.randbelow(10**8)).zfill(8)
    confidential_phone = f"55 {digits[:4]} {digits[4:]}"

    db = Database(pg_url)
    try:
        await make(db, slug="refugio-canario", name="Refugio Canario")
        await create_user(
            db,
            email="staff@refugio-canario.example",
            organization_slug="refugio-canario",
            role="editor",
            password=password,
        )
        app: CreatedClient = await create_client(
            db,
            name="Hotline case tool",
            scope="directory:read listings:write",
            grant="authorization_code",
            redirect_uris=["https://partner.example.org/callback"],
        )
        reader: CreatedClient = await create_client(
            db, name="Coordination desk", scope="directory:read:confidential"
        )
    finally:
        await db.dispose()

    service = Service(env, tmp_path / "serve.log")
    services.append(service)
    service.start()
    seen: list[str] = [app.client_secret, reader.client_secret, password, wrong_password]
    async with httpx.AsyncClient(base_url=service.url, timeout=60) as http:
        # Staff sign in (once wrongly), approve, and exchange the code with PKCE.
        verifier, challenge = pkce()
        refused = await sign_in(
            http,
            app,
            email="staff@refugio-canario.example",
            password=wrong_password,
            challenge=challenge,
        )
        assert refused.status_code == 400
        approved = await sign_in(
            http,
            app,
            email="staff@refugio-canario.example",
            password=password,
            challenge=challenge,
        )
        code = redirect_params(approved)["code"]
        tokens = (await exchange(http, app, code, verifier)).json()
        access, refresh = tokens["access_token"], tokens["refresh_token"]
        seen += [code, verifier, access, refresh]
        refreshed = await http.post(
            "/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": refresh},
            auth=(app.client_id, app.client_secret),
        )
        assert refreshed.status_code == 200, refreshed.text
        access = refreshed.json()["access_token"]
        seen += [access, refreshed.json()["refresh_token"]]
        bad = await http.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(reader.client_id, wrong_secret),
        )
        assert bad.status_code == 401
        seen.append(wrong_secret)

        # The staff member adds a CONFIDENTIAL contact to their listing.
        user = {"Authorization": f"Bearer {access}"}
        found = await http.post(
            "/graphql",
            json={"query": READ_CONTACTS, "variables": {"slug": "refugio-canario"}},
            headers=user,
        )
        organization_id = found.json()["data"]["organization"]["id"]
        contact = {
            "organizationId": organization_id,
            "name": confidential_name,
            "visibility": "CONFIDENTIAL",
            "phones": [{"number": confidential_phone, "visibility": "CONFIDENTIAL"}],
            "emails": [{"address": confidential_email, "visibility": "CONFIDENTIAL"}],
        }
        added = await http.post(
            "/graphql",
            json={"query": CREATE_CONTACT, "variables": {"input": contact}},
            headers={**user, "Idempotency-Key": f"add-contact-{marker}"},
        )
        assert added.json()["data"]["createContact"]["userErrors"] == [], added.text
        # A refused input that echoes the value back to the caller (not to the logs).
        invalid = {**contact, "emails": [{"address": f"not-an-address {confidential_email}"}]}
        await http.post(
            "/graphql",
            json={"query": CREATE_CONTACT, "variables": {"input": invalid}},
            headers=user,
        )

        # A partner reads it back, by POST and by GET with the values in the query string.
        partner = (
            await http.post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(reader.client_id, reader.client_secret),
            )
        ).json()["access_token"]
        seen.append(partner)
        variables = json.dumps({"slug": "refugio-canario", "probe": confidential_email})
        read = await http.get(
            "/graphql",
            params={"query": READ_CONTACTS, "variables": variables, "access_token": partner},
            headers={"Authorization": f"Bearer {partner}"},
        )
        assert read.status_code in (200, 400), read.text
        read = await http.post(
            "/graphql",
            json={"query": READ_CONTACTS, "variables": {"slug": "refugio-canario"}},
            headers={"Authorization": f"Bearer {partner}"},
        )
        assert confidential_email in read.text  # the partner does see it
        # A forged bearer token and the token's revocation.
        await http.post(
            "/graphql",
            json={"query": "{ viewer { kind } }"},
            headers={"Authorization": f"Bearer canary-forged-{marker}"},
        )
        seen.append(f"canary-forged-{marker}")
        await http.post(
            "/oauth/revoke", data={"token": access}, auth=(app.client_id, app.client_secret)
        )

    service.stop()
    logs = service.logs()
    lines = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    assert any(line.get("path") == "/oauth/token" for line in lines), "no access lines captured"
    assert all("request_id" in line for line in lines if line.get("logger") == "uvicorn.access")
    secret_values = [
        *seen,
        confidential_name,
        confidential_email,
        digits,
        digits[:4] + " " + digits[4:],
    ]
    leaked = [value for value in secret_values if value in logs]
    assert leaked == [], f"found in the service's log lines: {leaked}"
