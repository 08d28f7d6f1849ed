"""The organizations list's filters, ordering and pagination, on both databases."""

from __future__ import annotations

import httpx

from directory.db import Database
from tests.schema.reads import data, days_ago, gql, listing, names


async def test_search_ignores_accents_and_case(db: Database, client: httpx.AsyncClient) -> None:
    await listing(db, "casa-mexico", "Casa Refugio México", service_areas=[{"code": "MX"}])
    await listing(
        db,
        "aide-quebec",
        "Aide aux victimes du Québec",
        country="CA",
        language="fr",
        service_areas=[{"code": "CA-QC"}],
    )
    await listing(db, "other", "Otra Organización", description="sin relación")
    assert await names(client, {"search": "mexico"}) == ["Casa Refugio México"]
    assert await names(client, {"search": "QUEBEC"}) == ["Aide aux victimes du Québec"]
    assert await names(client, {"search": "organizacion"}) == ["Otra Organización"]
    # every word must match; LIKE wildcards are plain characters
    assert await names(client, {"search": "refugio mexico"}) == ["Casa Refugio México"]
    assert await names(client, {"search": "refugio quebec"}) == []
    assert await names(client, {"search": "%"}) == []


async def test_subdivision_matches_nationwide_organizations(
    db: Database, client: httpx.AsyncClient
) -> None:
    await listing(db, "nacional", "Red Nacional", service_areas=[{"code": "MX"}])
    await listing(db, "cdmx", "Centro CDMX", service_areas=[{"code": "MX-CMX"}])
    await listing(db, "jalisco", "Colectivo Jalisco", service_areas=[{"code": "MX-JAL"}])
    await listing(
        db,
        "texas",
        "Texas Coalition",
        country="US",
        language="en",
        service_areas=[{"code": "US-TX"}],
    )
    assert await names(client, {"subdivisions": ["MX-CMX"]}) == ["Centro CDMX", "Red Nacional"]
    assert await names(client, {"subdivisions": ["us-tx"]}) == ["Texas Coalition"]
    assert await names(client, {"countries": ["US"]}) == ["Texas Coalition"]
    assert len(await names(client, {"countries": ["MX"]})) == 3
    body = await gql(
        client, '{ organizations(filter: {subdivisions: ["XX-YY"]}) { totalCount } }', status=200
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_categories_populations_and_languages_are_and_combined(
    db: Database, client: httpx.AsyncClient
) -> None:
    await listing(
        db,
        "shelter",
        "Albergue Uno",
        services=[
            {
                "name": "Albergue",
                "categories": ["emergency-shelter"],
                "populations": ["migrants"],
                "languages": ["es", "en"],
            }
        ],
    )
    await listing(
        db,
        "legal",
        "Abogados Dos",
        services=[{"name": "Asesoría", "categories": ["legal-aid"], "populations": ["women"]}],
    )
    await listing(db, "french", "Maison Trois", country="CA", language="fr")
    assert await names(client, {"serviceCategories": ["emergency-shelter"]}) == ["Albergue Uno"]
    assert await names(client, {"serviceCategories": ["legal-aid", "emergency-shelter"]}) == [
        "Abogados Dos",
        "Albergue Uno",
    ]
    assert await names(client, {"populations": ["women"]}) == ["Abogados Dos"]
    assert await names(client, {"languages": ["en"]}) == ["Albergue Uno"]
    assert await names(client, {"languages": ["fr"]}) == ["Maison Trois"]
    assert (
        await names(client, {"serviceCategories": ["emergency-shelter"], "populations": ["women"]})
        == []
    )


async def test_near_uses_visible_locations_and_orders_by_distance(
    db: Database, client: httpx.AsyncClient
) -> None:
    zocalo = {"latitude": 19.4326, "longitude": -99.1332}
    await listing(
        db,
        "centro",
        "Centro",
        locations=[{"name": "Oficina", "latitude": 19.4340, "longitude": -99.1400}],
    )
    await listing(
        db,
        "coyoacan",
        "Coyoacán",
        locations=[{"name": "Sede", "latitude": 19.3467, "longitude": -99.1617}],
    )
    await listing(
        db,
        "gdl",
        "Guadalajara",
        locations=[{"name": "Sede", "latitude": 20.6597, "longitude": -103.3496}],
    )
    near = {**zocalo, "radiusKm": 20}
    assert await names(client, {"near": near}) == ["Centro", "Coyoacán"]
    far_first = await names(
        client,
        {"near": {**zocalo, "radiusKm": 600}},
        order={"field": "DISTANCE", "direction": "DESC"},
    )
    assert far_first == ["Guadalajara", "Coyoacán", "Centro"]
    found = await data(
        client,
        "query($f: OrganizationFilter) { organizations(filter: $f) { totalCount edges { distanceKm node { name } } } }",
        f={"near": near},
    )
    assert found["organizations"]["totalCount"] == 2
    first = found["organizations"]["edges"][0]
    assert first["node"]["name"] == "Centro" and 0.5 < first["distanceKm"] < 1.0


async def test_updated_since_and_verified_only(db: Database, client: httpx.AsyncClient) -> None:
    await listing(db, "old", "Antigua", _at=days_ago(30))
    await listing(
        db,
        "fresh",
        "Verificada",
        verification={"status": "VERIFIED", "last_verified_at": days_ago(10).isoformat()},
    )
    await listing(
        db,
        "stale",
        "Caducada",
        verification={"status": "VERIFIED", "last_verified_at": days_ago(400).isoformat()},
    )
    since = days_ago(1).isoformat()
    assert await names(client, {"updatedSince": since}) == ["Caducada", "Verificada"]
    assert await names(client, {"verifiedOnly": True}) == ["Verificada"]
    found = await data(
        client,
        '{ organization(slug: "stale") { verification { status lastVerifiedAt changedSinceVerification } } }',
    )
    assert found["organization"]["verification"]["status"] == "STALE"
    assert found["organization"]["verification"]["changedSinceVerification"] is False


async def test_ordering_and_pagination_both_ways(db: Database, client: httpx.AsyncClient) -> None:
    for i, name in enumerate(["Delta", "Álamo", "Charlie", "Bravo", "Eco"]):
        await listing(db, f"org-{i}", name, _at=days_ago(10 - i))
    assert await names(client, {}) == ["Álamo", "Bravo", "Charlie", "Delta", "Eco"]
    assert await names(client, {}, order={"field": "UPDATED_AT"}) == [
        "Eco",
        "Bravo",
        "Charlie",
        "Álamo",
        "Delta",
    ]
    assert (await names(client, {}, order={"field": "NAME", "direction": "DESC"}))[0] == "Eco"
    page = "query($a: String, $b: String, $f: Int, $l: Int) { organizations(first: $f, after: $a, last: $l, before: $b) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { name } } }"
    one = (await data(client, page, f=2))["organizations"]
    assert [n["name"] for n in one["nodes"]] == ["Álamo", "Bravo"]
    assert one["pageInfo"]["hasNextPage"] and not one["pageInfo"]["hasPreviousPage"]
    assert one["totalCount"] == 5
    two = (await data(client, page, f=2, a=one["pageInfo"]["endCursor"]))["organizations"]
    assert [n["name"] for n in two["nodes"]] == ["Charlie", "Delta"]
    tail = (await data(client, page, l=2))["organizations"]
    assert [n["name"] for n in tail["nodes"]] == ["Delta", "Eco"]
    assert tail["pageInfo"]["hasPreviousPage"] and not tail["pageInfo"]["hasNextPage"]
    back = (await data(client, page, l=2, b=tail["pageInfo"]["startCursor"]))["organizations"]
    assert [n["name"] for n in back["nodes"]] == ["Bravo", "Charlie"]
    bad = await gql(client, '{ organizations(after: "nonsense") { totalCount } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_relevance_puts_name_matches_first(db: Database, client: httpx.AsyncClient) -> None:
    await listing(db, "a", "Asociación Civil", description="apoyo a víctimas de trata")
    await listing(db, "b", "Trata No", description="organización")
    assert await names(client, {"search": "trata"}) == ["Trata No", "Asociación Civil"]
    body = await gql(client, "{ organizations(orderBy: {field: RELEVANCE}) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_archived_organizations_are_not_listed(
    db: Database, client: httpx.AsyncClient
) -> None:
    from sqlalchemy import update

    from directory.models import Organization

    await listing(db, "open", "Abierta")
    gid = await listing(db, "closed", "Cerrada")
    async with db.write() as session:
        await session.execute(
            update(Organization).where(Organization.slug == "closed").values(archived=True)
        )
    assert await names(client, {}) == ["Abierta"]
    found = await data(
        client,
        'query($id: ID!) { node(id: $id) { id } organization(slug: "closed") { id } }',
        id=gid,
    )
    assert found == {"node": None, "organization": None}
