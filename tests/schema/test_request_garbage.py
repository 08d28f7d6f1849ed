"""A finished request leaves none of its rows for the cycle collector: they are freed by
reference counting as the answer is written. (Held in a reference cycle through the
request's loaders, every row of every page waited for the collector, whose passes over
them stalled the service under load: a few hundred milliseconds each, at the 99th
percentile.)"""

from __future__ import annotations

import gc

import httpx

from directory.db import Database
from directory.models import Contact, Organization, Phone, Service
from directory.records import is_row_of
from tests.schema.reads import listing
from tests.schema.test_read_statements import STANDARD

MODELS = (Organization, Service, Contact, Phone)


async def test_a_requests_rows_do_not_wait_for_the_cycle_collector(
    db: Database, uncached: httpx.AsyncClient
) -> None:
    for i in range(20):
        await listing(
            db,
            f"org-{i:02}",
            f"Organización {i:02}",
            services=[{"name": "Albergue", "categories": ["emergency-shelter"]}],
            contacts=[{"name": "Mesa", "phones": [{"number": f"+52 55 5555 {1000 + i}"}]}],
        )
    payload = {"query": STANDARD, "variables": {"n": 20}}
    assert (await uncached.post("/graphql", json=payload)).status_code == 200  # warm
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds is kept in gc.garbage
    try:
        response = await uncached.post("/graphql", json=payload)
        gc.collect()
        rows = [o for o in gc.garbage if any(is_row_of(o, model) for model in MODELS)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert len(response.json()["data"]["organizations"]["nodes"]) == 20
    assert rows == []
