"""``directory clients`` and ``directory users`` as an administrator runs them, on each
database; bad input exits 2 with one line and writes nothing."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from auth.models import OAuthClient, StaffUser
from directory.db import Database
from tests.auth.conftest import Service
from tests.auth.helpers import PASSWORD, client_token, organization, viewer
from tests.listings.helpers import count


@dataclass
class Result:
    code: int
    out: str
    err: str


async def cli(
    db: Database, *args: str, stdin: str | None = None, var: Path | None = None
) -> Result:
    env = {**os.environ, "DIRECTORY_DATABASE_URL": db.url}
    if var is not None:
        env["DIRECTORY_VAR_DIR"] = str(var)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "server",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin.encode() if stdin else None), 120)
    return Result(process.returncode or 0, out.decode(), err.decode())


def refused(result: Result) -> bool:
    lines = result.err.strip().splitlines()
    return result.code == 2 and len(lines) == 1 and lines[0].startswith("directory: error:")


async def test_clients_create_shows_the_secret_once_and_stores_a_hash(service: Service) -> None:
    await organization(service.db, "refugio-norte")
    created = await cli(
        service.db,
        "clients",
        "create",
        "--name",
        "Hotline MX",
        "--scope",
        "directory:read listings:write",
        "--organization",
        "refugio-norte",
        "--json",
    )
    assert created.code == 0, created.err
    body = json.loads(created.out)
    assert body["scope"] == "directory:read listings:write"
    async with service.db.session() as session:
        row = await session.scalar(
            select(OAuthClient).where(OAuthClient.client_id == body["client_id"])
        )
    assert row is not None and row.secret_hash.startswith("$argon2id$")
    assert body["client_secret"] not in row.secret_hash

    listed = await cli(service.db, "clients", "list")
    assert body["client_id"] in listed.out and "refugio-norte" in listed.out
    assert body["client_secret"] not in listed.out

    from auth.clients import CreatedClient

    client = CreatedClient(body["client_id"], body["client_secret"], "", "", "", None, ())
    token = await client_token(service.http, client)
    answer = (await viewer(service.http, token)).json()["data"]["viewer"]
    assert answer["organization"] == {"slug": "refugio-norte"}

    revoked = await cli(service.db, "clients", "revoke", body["client_id"])
    assert revoked.code == 0, revoked.err
    assert (await viewer(service.http, token)).status_code == 401
    assert refused(await cli(service.db, "clients", "revoke", body["client_id"]))
    listed = await cli(service.db, "clients", "list", "--json")
    # The service's own workspace client is listed too: pick this one.
    (row,) = [c for c in json.loads(listed.out) if c["client_id"] == body["client_id"]]
    assert row["revoked_at"] is not None


async def test_clients_create_refuses_bad_input_and_writes_nothing(db: Database) -> None:
    await organization(db, "refugio-norte")
    bad = [
        ["--name", "X", "--scope", "directory:everything"],
        ["--name", "X", "--scope", ""],
        ["--name", "X", "--scope", "directory:read", "--organization", "no-such-org"],
        ["--name", "X", "--scope", "listings:write"],
        ["--name", "X", "--scope", "directory:read", "--grant", "password"],
        ["--name", "X", "--scope", "directory:read", "--grant", "authorization_code"],
        [
            "--name",
            "X",
            "--scope",
            "directory:read",
            "--grant",
            "authorization_code",
            "--redirect-uri",
            "http://partner.example.org/cb",
        ],
        ["--name", "X", "--scope", "directory:read", "--redirect-uri", "https://a.example/cb"],
    ]
    for args in bad:
        result = await cli(db, "clients", "create", *args)
        assert refused(result), (args, result)
    assert await count(db, OAuthClient) == 0
    assert refused(await cli(db, "clients", "revoke", "dir_nobody"))


async def test_an_authorization_code_client_with_redirect_uris(db: Database) -> None:
    result = await cli(
        db,
        "clients",
        "create",
        "--name",
        "Staff portal",
        "--scope",
        "directory:read listings:write",
        "--grant",
        "authorization_code",
        "--redirect-uri",
        "https://portal.example.org/cb",
        "--json",
    )
    assert result.code == 0, result.err
    assert json.loads(result.out)["redirect_uris"] == ["https://portal.example.org/cb"]


async def test_users_create_hashes_the_password_and_refuses_bad_input(db: Database) -> None:
    await organization(db, "casa-refugio")
    created = await cli(
        db,
        "users",
        "create",
        "--email",
        "Ana@Casa-Refugio.example",
        "--organization",
        "casa-refugio",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert created.code == 0, created.err
    assert PASSWORD not in created.out
    async with db.session() as session:
        row = await session.scalar(select(StaffUser))
    assert row is not None and row.email == "ana@casa-refugio.example" and row.role == "editor"
    assert row.password_hash.startswith("$argon2id$") and PASSWORD not in row.password_hash

    bad = [
        (["--email", "ana@casa-refugio.example", "--organization", "casa-refugio"], PASSWORD),
        (["--email", "not-an-email", "--organization", "casa-refugio"], PASSWORD),
        (["--email", "b@casa-refugio.example", "--organization", "nowhere"], PASSWORD),
        (["--email", "b@casa-refugio.example"], PASSWORD),
        (["--email", "b@casa-refugio.example", "--organization", "casa-refugio"], "short"),
    ]
    for args, password in bad:
        result = await cli(db, "users", "create", *args, "--password-stdin", stdin=password + "\n")
        assert refused(result), (args, result)
    assert await count(db, StaffUser) == 1

    generated = await cli(
        db,
        "users",
        "create",
        "--email",
        "admin@casa-refugio.example",
        "--organization",
        "casa-refugio",
        "--admin",
    )
    # An organization's account never gets directory-wide rights (issue 13, item 17).
    assert refused(generated) and "--organization" in generated.err
    assert len(generated.err.strip().splitlines()) == 1, generated.err
    assert await count(db, StaffUser) == 1

    admin = await cli(
        db,
        "users",
        "create",
        "--email",
        "root@directorio.example",
        "--admin",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert admin.code == 0, admin.err
    async with db.session() as session:
        row = await session.scalar(
            select(StaffUser).where(StaffUser.email == "root@directorio.example")
        )
    assert row is not None and row.role == "admin" and row.organization_id is None


async def test_keys_rotate(db: Database, tmp_path: Path) -> None:
    first = await cli(db, "keys", "rotate", var=tmp_path)
    second = await cli(db, "keys", "rotate", var=tmp_path)
    assert first.code == 0 and second.code == 0, first.err + second.err
    assert first.out.split()[3] != second.out.split()[3]
    assert (tmp_path / "signing-key.pem").exists() and (
        tmp_path / "signing-key.pem.previous"
    ).exists()
