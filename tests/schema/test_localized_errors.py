"""Error messages follow the caller's language like the data do (issue 13, item 19): the
root field's ``language`` argument, else ``Accept-Language``; English by default. The
codes never change with the language."""

from __future__ import annotations

import uuid

import httpx
from graphql_relay import to_global_id

from directory.db import Database
from directory.messages import ENGLISH, LANGUAGES, catalogue
from tests.listings.helpers import make
from tests.schema.mutation_client import Call, call, caller


def oid(org: object) -> str:
    return to_global_id("Organization", str(org))


def test_every_message_is_translated_in_every_language() -> None:
    for language in LANGUAGES[1:]:
        assert set(catalogue(language)) == set(ENGLISH), language


async def test_forbidden_in_spanish_and_french(db: Database, client: httpx.AsyncClient) -> None:
    org = await make(db)
    reader = await caller(client, db, "directory:read")
    update = Call("updateOrganization", {"id": oid(org), "expectedVersion": 1, "description": "x"})
    expected = {
        "es": "no puede modificar esta ficha",
        "fr": "vous ne pouvez pas modifier cette fiche",
        "en": "you may not change this listing",
    }
    for language, message in expected.items():
        result = await call(client, reader, update, {"Accept-Language": language})
        [error] = result.errors
        assert error["extensions"]["code"] == "FORBIDDEN"
        assert error["extensions"]["requiredScopes"]
        assert error["message"] == message


async def test_forbidden_from_the_write_decision_in_french(
    db: Database, client: httpx.AsyncClient
) -> None:
    await make(db, slug="refugio-propio", name="Refugio Propio")
    other = await make(db, slug="refugio-ajeno", name="Refugio Ajeno")
    staff = await caller(client, db, "listings:write", organization="refugio-propio")
    update = Call(
        "updateOrganization", {"id": oid(other), "expectedVersion": 1, "description": "x"}
    )
    result = await call(client, staff, update, {"Accept-Language": "fr-CA,fr;q=0.9"})
    [error] = result.errors
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"] == (
        "votre jeton ne peut modifier que la fiche de sa propre organisation"
    )


async def test_not_found_in_spanish_and_french(db: Database, client: httpx.AsyncClient) -> None:
    writer = await caller(client, db, "directory:write")
    missing = Call(
        "updateOrganization", {"id": oid(uuid.uuid4()), "expectedVersion": 1, "description": "x"}
    )
    es = await call(client, writer, missing, {"Accept-Language": "es-MX"})
    fr = await call(client, writer, missing, {"Accept-Language": "fr"})
    assert [e["extensions"]["code"] for e in es.errors + fr.errors] == ["NOT_FOUND"] * 2
    assert es.errors[0]["message"] == "no se encontró el elemento (organization)"
    assert fr.errors[0]["message"] == "élément introuvable (organization)"


async def test_bad_user_input_follows_the_language_argument_then_accept_language(
    db: Database, client: httpx.AsyncClient
) -> None:
    query = '{ organizations(first: 5, after: "nope", language: "fr") { nodes { name } } }'
    fr = (
        await client.post("/graphql", json={"query": query}, headers={"Accept-Language": "es"})
    ).json()
    [error] = fr["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "`after` n'est pas un curseur de cette liste"

    query = "{ organizations(first: 500) { nodes { name } } }"
    es = (
        await client.post("/graphql", json={"query": query}, headers={"Accept-Language": "es"})
    ).json()
    [error] = es["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "`first` debe estar entre 1 y 100, no 500"

    en = (await client.post("/graphql", json={"query": query})).json()
    assert en["errors"][0]["message"] == "`first` must be between 1 and 100, got 500"


async def test_a_bad_language_is_refused_in_the_callers_language(
    db: Database, client: httpx.AsyncClient
) -> None:
    query = '{ organizations(first: 1, language: "de") { nodes { name } } }'
    body = (
        await client.post("/graphql", json={"query": query}, headers={"Accept-Language": "fr"})
    ).json()
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "`language` doit être l'une des valeurs en, es, fr, et non 'de'"


async def test_validation_user_errors_in_spanish_and_french(
    db: Database, client: httpx.AsyncClient
) -> None:
    org = await make(db)
    writer = await caller(client, db, "directory:write")
    bad = Call("updateOrganization", {"id": oid(org), "expectedVersion": 1, "website": "ftp://x"})
    expected = {
        "es": "debe ser una URL http o https",
        "fr": "doit être une URL http ou https",
        "en": "must be an http or https URL",
    }
    for language, message in expected.items():
        result = await call(client, writer, bad, {"Accept-Language": language})
        assert not result.errors
        assert result.payload is not None and result.payload["organization"] is None
        assert result.payload["userErrors"] == [
            {"field": ["website"], "message": message, "code": "INVALID"}
        ]


async def test_a_stale_version_conflict_in_spanish(db: Database, client: httpx.AsyncClient) -> None:
    org = await make(db)
    writer = await caller(client, db, "directory:write")
    stale = Call("updateOrganization", {"id": oid(org), "expectedVersion": 7, "description": "x"})
    result = await call(client, writer, stale, {"Accept-Language": "es"})
    assert result.payload is not None
    [problem] = result.payload["userErrors"]
    assert problem["code"] == "CONFLICT"
    assert problem["message"].startswith("la ficha está en la versión 1, no en la 7")
