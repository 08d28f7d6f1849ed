"""``format=ndjson`` honours ``page`` and ``per_page`` (it used to stream everything)."""

from __future__ import annotations

import json

import httpx

from directory.db import Database
from tests.hsds.helpers import fixture_counts, load_fixtures


def _lines(response: httpx.Response) -> list[dict[str, object]]:
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines() if line]


async def test_ndjson_streams_one_page_when_a_page_is_asked_for(
    db: Database, client: httpx.AsyncClient
) -> None:
    await load_fixtures(db)
    organizations, services = fixture_counts()
    for path, total in (("/hsds/organizations", organizations), ("/hsds/services", services)):
        everything = _lines(await client.get(path, params={"format": "ndjson"}))
        assert len(everything) == total
        first = _lines(await client.get(path, params={"format": "ndjson", "per_page": "3"}))
        second = _lines(
            await client.get(path, params={"format": "ndjson", "per_page": "3", "page": "2"})
        )
        paged = (await client.get(path, params={"per_page": "3", "page": "2"})).json()
        assert [i["id"] for i in first] == [i["id"] for i in everything[:3]]
        assert [i["id"] for i in second] == [i["id"] for i in paged["contents"]]
        assert [i["id"] for i in second] == [i["id"] for i in everything[3:6]]
    terms = _lines(
        await client.get("/hsds/taxonomy_terms", params={"format": "ndjson", "per_page": "2"})
    )
    assert len(terms) == 2
