"""Roles are explicit (issue 13, item 17): an organization's staff (``editor``) vs the
directory's administrators (``admin``, bound to no organization). Staff accounts never get
``directory:admin``; administrators sign in and get it. Sign-in refusals follow the
caller's language (item 19)."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from auth.models import StaffUser
from auth.users import create_user
from directory.db import Database
from tests.auth.conftest import Service
from tests.auth.helpers import (
    PASSWORD,
    code_for,
    exchange,
    organization,
    partner,
    pkce,
    sign_in,
    staff,
    viewer,
)

ADMIN = "admin@directorio.example"
STAFF = "ana@casa-refugio.example"


async def test_an_administrator_is_bound_to_no_organization_and_gets_directory_admin(
    service: Service,
) -> None:
    await create_user(
        service.db, email=ADMIN, organization_slug=None, role="admin", password=PASSWORD
    )
    async with service.db.session() as session:
        row = await session.scalar(select(StaffUser).where(StaffUser.email == ADMIN))
    assert row is not None and row.organization_id is None and row.role == "admin"

    client = await partner(service.db, "directory:read directory:admin", grant="authorization_code")
    code, verifier = await code_for(service.http, client, ADMIN, scope="directory:admin")
    token = await exchange(service.http, client, code, verifier)
    assert token.status_code == 200, token.text
    assert "directory:admin" in token.json()["scope"].split()
    me = (await viewer(service.http, token.json()["access_token"])).json()["data"]["viewer"]
    assert me["kind"] == "USER" and "directory:admin" in me["scopes"]
    assert me["organization"] is None


async def test_staff_never_get_directory_admin(service: Service) -> None:
    await organization(service.db, "casa-refugio")
    await staff(service.db, STAFF, "casa-refugio")
    client = await partner(
        service.db, "directory:read listings:write directory:admin", grant="authorization_code"
    )
    _, challenge = pkce()
    response = await sign_in(
        service.http, client, email=STAFF, challenge=challenge, scope="directory:admin"
    )
    assert response.status_code == 302
    assert "error=invalid_scope" in response.headers["location"]


async def test_contradictory_roles_are_refused_and_nothing_is_written(db: Database) -> None:
    await organization(db, "casa-refugio")
    with pytest.raises(ValueError, match="no organization"):
        await create_user(
            db, email=ADMIN, organization_slug="casa-refugio", role="admin", password=PASSWORD
        )
    with pytest.raises(ValueError, match="organization"):
        await create_user(db, email=STAFF, organization_slug=None, role="editor", password=PASSWORD)
    async with db.session() as session:
        assert await session.scalar(select(StaffUser.id)) is None


async def test_the_database_refuses_an_administrator_bound_to_an_organization(
    db: Database,
) -> None:
    org = await organization(db, "casa-refugio")
    row = {"email": ADMIN, "password_hash": "x", "role": "admin", "organization_id": org}
    with pytest.raises(IntegrityError):
        async with db.write() as session:
            await session.execute(insert(StaffUser).values(**row))
    with pytest.raises(IntegrityError):
        async with db.write() as session:
            await session.execute(
                insert(StaffUser).values(**{**row, "role": "editor", "organization_id": None})
            )


async def test_the_failed_sign_in_message_is_in_french(service: Service) -> None:
    await organization(service.db, "casa-refugio")
    await staff(service.db, STAFF, "casa-refugio")
    client = await partner(service.db, "directory:read", grant="authorization_code")
    _, challenge = pkce()
    response = await sign_in(
        service.http,
        client,
        email=STAFF,
        password="pas le bon mot de passe",
        challenge=challenge,
        headers={"Accept-Language": "fr-CA,fr;q=0.9"},
    )
    assert response.status_code == 400
    assert "Adresse courriel ou mot de passe incorrect." in response.text
    assert "Wrong e-mail address" not in response.text
