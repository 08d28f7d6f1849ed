"""SIGTERM during a burst of writes: the process stops taking requests, finishes those in
flight, and exits; every acknowledged write is stored, and no listing is half-written."""

from __future__ import annotations

import asyncio
import itertools
import signal
import time
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from tests.ops.conftest import Service, run_cli, service_env
from tests.ops.flows import CREATE_ORGANIZATION, client_token, create_client, organization_input

WRITERS = 12

WHOLE_LISTINGS = """
SELECT o.slug,
       (SELECT count(*) FROM phones p WHERE p.organization_id = o.id) AS phones,
       (SELECT count(*) FROM emails e WHERE e.organization_id = o.id) AS emails,
       (SELECT count(*) FROM service_areas a WHERE a.organization_id = o.id) AS areas,
       (SELECT count(*) FROM change_events c WHERE c.organization_id = o.id) AS changes,
       (SELECT count(*) FROM revisions r WHERE r.organization_id = o.id) AS revisions
FROM organizations o
WHERE o.slug LIKE 'burst-%'
"""


async def test_sigterm_during_a_burst_of_writes_loses_nothing_and_leaves_nothing_half_written(
    tmp_path: Path, pg_url: str, services: list[Service]
) -> None:
    env = service_env(tmp_path, pg_url)
    assert run_cli(env, "db", "upgrade").returncode == 0
    client = create_client(env, "burst-writer", "directory:write")
    service = Service(env, tmp_path / "serve.log", extra_args=("--shutdown-timeout", "20"))
    services.append(service)
    service.start()
    token = client_token(service.url, client)

    numbers = itertools.count()
    acknowledged: dict[str, float] = {}
    attempted: set[str] = set()
    signalled_at: float | None = None
    enough = asyncio.Event()

    async def writer() -> None:
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=service.url, headers=headers, timeout=60) as http:
            while True:
                slug = f"burst-{next(numbers)}"
                attempted.add(slug)
                body = {
                    "query": CREATE_ORGANIZATION,
                    "variables": {"input": organization_input(slug)},
                }
                try:
                    response = await http.post("/graphql", json=body)
                except httpx.TransportError:
                    return  # the process stopped taking requests
                assert response.status_code == 200, response.text
                payload = response.json()["data"]["createOrganization"]
                assert payload["userErrors"] == [], payload
                acknowledged[payload["organization"]["slug"]] = time.monotonic()
                if len(acknowledged) >= 3 * WRITERS:
                    enough.set()

    async def terminate() -> None:
        nonlocal signalled_at
        await enough.wait()
        signalled_at = time.monotonic()
        service.signal(signal.SIGTERM)

    await asyncio.wait_for(
        asyncio.gather(terminate(), *(writer() for _ in range(WRITERS))), timeout=120
    )
    # uvicorn re-raises the signal once it has shut down cleanly: "killed by SIGTERM".
    assert await asyncio.to_thread(service.wait, 60) in (0, -signal.SIGTERM)
    assert signalled_at is not None
    # Requests in flight when the signal came were finished, not cut off.
    assert any(at > signalled_at for at in acknowledged.values())

    dsn = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        stored = {row["slug"]: row for row in await connection.fetch(WHOLE_LISTINGS)}
    finally:
        await connection.close()
    assert set(acknowledged) <= set(stored), "an acknowledged write is missing"
    assert set(stored) <= attempted
    for slug, row in stored.items():
        assert (row["phones"], row["emails"], row["areas"], row["changes"]) == (2, 1, 2, 1), slug
        assert row["revisions"] >= 1, slug
    logs = service.logs()
    assert "Application shutdown complete" in logs
    assert "Cancel" not in logs  # nothing had to be cut off after the bound
