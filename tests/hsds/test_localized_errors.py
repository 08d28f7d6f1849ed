"""HSDS errors in the caller's language (``Accept-Language``); the codes and statuses never
change with it (issue 13, item 19)."""

from __future__ import annotations

import uuid

import httpx

from directory.db import Database


async def test_hsds_not_found_and_bad_input_in_spanish(
    db: Database, client: httpx.AsyncClient
) -> None:
    spanish = {"Accept-Language": "es-MX,es;q=0.9"}
    missing = await client.get(f"/hsds/organizations/{uuid.uuid4()}", headers=spanish)
    assert missing.status_code == 404
    assert missing.json() == {
        "error": "NOT_FOUND",
        "message": "ningún elemento organization tiene este id",
    }
    bad = await client.get("/hsds/services", params={"per_page": "0"}, headers=spanish)
    assert bad.status_code == 400
    assert bad.json() == {
        "error": "BAD_USER_INPUT",
        "message": "per_page debe estar entre 1 y 100",
    }
    english = await client.get("/hsds/services", params={"per_page": "0"})
    assert english.status_code == 400
    assert english.json() == {
        "error": "BAD_USER_INPUT",
        "message": "per_page must be between 1 and 100",
    }
