"""Every read root field, global IDs and localization."""

from __future__ import annotations

import httpx

from directory.db import Database
from directory.reader import Reader
from directory.visibility import Audience
from schema.api import SDL_PATH, sdl
from tests.schema.reads import data, gql, listing


async def seed(db: Database) -> str:
    return await listing(
        db,
        "casa",
        "Casa de Acogida",
        description="Refugio para personas migrantes",
        translations={"en": {"name": "Shelter House", "description": "Shelter for migrants"}},
        service_areas=[{"code": "MX-CHP"}],
        services=[
            {
                "name": "Albergue",
                "categories": ["emergency-shelter"],
                "populations": ["migrants"],
                "translations": {"en": {"name": "Shelter"}},
            }
        ],
        contacts=[{"name": "Mesa de atención", "phones": [{"number": "+52 962 555 0101"}]}],
        locations=[{"name": "Sede", "latitude": 14.9, "longitude": -92.26, "city": "Tapachula"}],
    )


async def test_organization_by_id_and_slug_node_and_nodes(
    db: Database, client: httpx.AsyncClient
) -> None:
    gid = await seed(db)
    found = await data(
        client,
        "query($id: ID!) { a: organization(id: $id) { id slug name kind }"
        ' b: organization(slug: "casa") { id } node(id: $id) { id ... on Organization { slug } }'
        ' nodes(ids: [$id, "bm90aGluZw=="]) { id } missing: organization(slug: "nope") { id } }',
        id=gid,
    )
    assert found["a"] == {"id": gid, "slug": "casa", "name": "Casa de Acogida", "kind": "NGO"}
    assert found["b"]["id"] == gid and found["node"] == {"id": gid, "slug": "casa"}
    assert found["nodes"] == [{"id": gid}, None] and found["missing"] is None
    org = await data(
        client,
        '{ organization(slug: "casa") { services { nodes { id } } contacts { id } locations { id } } }',
    )
    ids = [
        org["organization"]["services"]["nodes"][0]["id"],
        org["organization"]["contacts"][0]["id"],
        org["organization"]["locations"][0]["id"],
    ]
    typed = await data(
        client,
        "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id"
        " ... on Service { organization { slug } } } }",
        ids=ids,
    )
    assert [n["__typename"] for n in typed["nodes"]] == ["Service", "Contact", "Location"]
    assert typed["nodes"][0]["organization"] == {"slug": "casa"}


async def test_language_argument_accept_language_and_own_language(
    db: Database, client: httpx.AsyncClient
) -> None:
    await seed(db)
    query = (
        "query($l: String) { organizations(language: $l) { nodes { name description"
        " services { nodes { name categories { name } } } jurisdictions { name }"
        " translations { language name original } } } }"
    )
    own = (await data(client, query))["organizations"]["nodes"][0]
    assert own["name"] == "Casa de Acogida"
    assert own["services"]["nodes"][0]["categories"] == [{"name": "Emergency shelter"}]
    english = (await data(client, query, l="en"))["organizations"]["nodes"][0]
    assert english["name"] == "Shelter House"
    assert english["services"]["nodes"][0]["name"] == "Shelter"
    assert [t["language"] for t in english["translations"]] == ["es", "en"]
    response = await client.post(
        "/graphql", json={"query": query}, headers={"Accept-Language": "fr-CA, en;q=0.5"}
    )
    french = response.json()["data"]["organizations"]["nodes"][0]
    assert french["name"] == "Casa de Acogida"  # no French translation: its own language
    assert french["services"]["nodes"][0]["categories"] == [{"name": "Hébergement d'urgence"}]
    body = await gql(client, '{ organizations(language: "de") { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_vocabularies_and_jurisdictions(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        '{ serviceCategories(language: "es") { code name } populations { code name }'
        " jurisdictions(country: CA) { code name isCountry } }",
    )
    assert {"code": "hotline", "name": "Línea de ayuda"} in found["serviceCategories"]
    assert {"code": "migrants", "name": "Migrants"} in found["populations"]
    assert found["jurisdictions"][0] == {"code": "CA", "name": "Canada", "isCountry": True}
    assert all(j["code"].startswith("CA") for j in found["jurisdictions"])
    response = await client.post(
        "/graphql",
        json={"query": "{ jurisdictions(country: MX) { code name } }"},
        headers={"Accept-Language": "es"},
    )
    assert {"code": "MX", "name": "México"} in response.json()["data"]["jurisdictions"]


async def test_viewer_is_anonymous(client: httpx.AsyncClient) -> None:
    found = await data(client, "{ viewer { kind clientId scopes organization { id } } }")
    assert found["viewer"] == {
        "kind": "ANONYMOUS",
        "clientId": None,
        "scopes": [],
        "organization": None,
    }


async def test_changes_feed_pages_by_position(db: Database, client: httpx.AsyncClient) -> None:
    ids = [await listing(db, f"org-{i}", f"Org {i}") for i in range(3)]
    query = (
        "query($a: String) { changes(first: 2, after: $a) { totalCount pageInfo"
        " { hasNextPage endCursor } nodes { id kind organizationId version at"
        " organization { slug } } } }"
    )
    one = (await data(client, query))["changes"]
    assert one["totalCount"] == 3 and one["pageInfo"]["hasNextPage"]
    assert [c["organizationId"] for c in one["nodes"]] == ids[:2]
    assert one["nodes"][0]["kind"] == "CREATED" and one["nodes"][0]["version"] == 1
    two = (await data(client, query, a=one["pageInfo"]["endCursor"]))["changes"]
    assert [c["organization"]["slug"] for c in two["nodes"]] == ["org-2"]
    assert not two["pageInfo"]["hasNextPage"]
    empty = (await data(client, query, a=two["pageInfo"]["endCursor"]))["changes"]
    assert empty["nodes"] == [] and empty["pageInfo"]["endCursor"] == two["pageInfo"]["endCursor"]
    change = await data(
        client,
        "query($id: ID!) { node(id: $id) { ... on Change { kind } } }",
        id=one["nodes"][0]["id"],
    )
    assert change["node"] == {"kind": "CREATED"}


def test_sdl_snapshot_matches_the_served_schema() -> None:
    assert SDL_PATH.read_text(encoding="utf-8") == sdl(), "run `make schema` and commit it"


def test_every_type_field_argument_and_value_is_described() -> None:
    from graphql import (
        GraphQLEnumType,
        GraphQLInputObjectType,
        GraphQLInterfaceType,
        GraphQLObjectType,
    )

    from schema.api import build_schema

    missing: list[str] = []
    for name, type_ in build_schema().graphql_schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not type_.description:
            missing.append(name)
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in type_.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(type_, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in type_.values.items() if not value.description]
    assert missing == []


async def test_a_slug_is_found_only_as_asked_never_cut_to_a_stored_one(
    db: Database, client: httpx.AsyncClient
) -> None:
    """Slugs hold up to 80 characters. A longer one asked for must find nothing, not the
    listing whose slug is its first 80 characters (a cast to ``VARCHAR(80)`` cuts it)."""
    slug = "refugio-" + "a" * 72
    gid = await listing(db, slug, "Refugio")
    found = await data(
        client,
        "query($s: String!, $longer: String!) { a: organization(slug: $s) { id }"
        " b: organization(slug: $longer) { id } }",
        s=slug,
        longer=slug + "-otro",
    )
    assert found == {"a": {"id": gid}, "b": None}
    async with db.statement_session() as session:  # nor does the reader, asked directly
        reader = Reader(session, Audience.public(), records=True, driver=db.driver_reads)
        assert await reader.organizations_by_slug([slug + "-otro"]) == {}
