"""``/metrics`` speaks Prometheus text and counts what operators chart."""

from __future__ import annotations

from dataclasses import replace

import httpx
from prometheus_client.parser import text_string_to_metric_families

from auth.clients import create_client
from directory import api_metrics as shared
from directory.db import Database
from directory.settings import Settings
from tests.auth.helpers import REDIRECT, pkce, sign_in

FAMILIES = {
    "directory_http_requests",
    "directory_http_request_duration_seconds",
    "directory_sql_statements",
    "directory_sql_statements_per_request",
    "directory_db_pool_connections_in_use",
    "directory_db_pool_connections_open",
    "directory_graphql_operations",
    "directory_graphql_operation_duration_seconds",
    "directory_graphql_query_cost",
    "directory_oauth_tokens_issued",
    "directory_oauth_token_failures",
    "directory_rate_limit_refusals",
}


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def test_metrics_expose_every_family(client: httpx.AsyncClient) -> None:
    await client.get("/readyz")
    names = {family.name for family in text_string_to_metric_families(await scrape(client))}
    assert names >= FAMILIES


async def test_requests_are_counted_by_route_template_and_status(
    client: httpx.AsyncClient,
) -> None:
    before = samples(await scrape(client))
    for _ in range(3):
        assert (await client.get("/readyz")).status_code == 200
    await client.get("/no-such-page/4f2a9c")
    after = samples(await scrape(client))

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    ready = {"method": "GET", "route": "/readyz", "status": "200"}
    assert delta("directory_http_requests_total", **ready) == 3
    # Unknown paths share one label: a scanner cannot grow the metric set.
    assert delta("directory_http_requests_total", method="GET", route="<unmatched>", status="404")
    assert not any("4f2a9c" in str(key) for key in after)
    # Each readiness check sends its SQL statements, counted per request.
    assert delta("directory_sql_statements_per_request_count", route="/readyz") == 3
    assert delta("directory_sql_statements_per_request_sum", route="/readyz") >= 3
    assert delta("directory_sql_statements_total", database="primary") >= 3


async def test_caller_chosen_labels_are_bounded(client: httpx.AsyncClient) -> None:
    shared.graphql_operation("OrgsForHotline", "query", 0.01, cost=3)
    shared.graphql_operation("not a name {", "query", 0.01)
    shared.token_failed("urn:made-up-grant", "made_up_error")
    shared.token_issued("client_credentials")
    text = await scrape(client)
    assert 'operation="OrgsForHotline"' in text
    assert "not a name" not in text and "made-up" not in text and "made_up" not in text
    assert 'directory_oauth_token_failures_total{error="other",grant_type="other"}' in text


async def test_tokens_operations_and_refusals_are_counted(db: Database, settings: Settings) -> None:
    from server.asgi import create_app

    app = create_app(replace(settings, client_budget_per_hour=2), database=db)
    partner = await create_client(db, name="Hotline sync", scope="directory:read")
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
    ):
        before = samples(await scrape(http))
        grant = {"grant_type": "client_credentials"}
        issued = await http.post(
            "/oauth/token", data=grant, auth=(partner.client_id, partner.client_secret)
        )
        wrong = await http.post("/oauth/token", data=grant, auth=(partner.client_id, "wrong"))
        assert (issued.status_code, wrong.status_code) == (200, 401)
        bearer = {"Authorization": f"Bearer {issued.json()['access_token']}"}
        query = {"query": "query HotlineSync { viewer { kind } }"}
        statuses = [
            (await http.post("/graphql", json=query, headers=bearer)).status_code for _ in range(3)
        ]
        assert statuses == [200, 200, 429]
        after = samples(await scrape(http))

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert delta("directory_oauth_tokens_issued_total", grant_type="client_credentials") == 1
    failed = {"grant_type": "client_credentials", "error": "invalid_client"}
    assert delta("directory_oauth_token_failures_total", **failed) == 1
    ok = {"operation": "HotlineSync", "type": "query", "outcome": "ok"}
    assert delta("directory_graphql_operations_total", **ok) == 2
    refused = {"operation": "HotlineSync", "type": "query", "outcome": "refused"}
    assert delta("directory_graphql_operations_total", **refused) == 1
    timed = {"operation": "HotlineSync", "type": "query"}
    assert delta("directory_graphql_operation_duration_seconds_count", **timed) == 3
    assert delta("directory_graphql_query_cost_count", type="query") == 2
    assert delta("directory_rate_limit_refusals_total", caller="client") == 1
    limited = {"method": "POST", "route": "/graphql", "status": "429"}
    assert delta("directory_http_requests_total", **limited) == 1
    assert delta("directory_sql_statements_per_request_count", route="/graphql") == 3


async def test_throttled_sign_ins_are_counted(db: Database, settings: Settings) -> None:
    from server.asgi import create_app

    app = create_app(settings, database=db)
    tool = await create_client(
        db,
        name="Case tool",
        scope="directory:read listings:write",
        grant="authorization_code",
        redirect_uris=[REDIRECT],
    )
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
    ):
        before = samples(await scrape(http))
        _, challenge = pkce()
        statuses = [
            (
                await sign_in(
                    http, tool, email="nobody@example.org", password="wrong", challenge=challenge
                )
            ).status_code
            for _ in range(7)
        ]
        after = samples(await scrape(http))
    assert statuses[-1] == 429
    key = ("directory_rate_limit_refusals_total", (("caller", "sign_in"),))
    assert after.get(key, 0.0) - before.get(key, 0.0) == statuses.count(429)
