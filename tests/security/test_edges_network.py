"""Network edges: forwarded headers only from trusted proxies; HSDS spends the GraphQL budget."""

from __future__ import annotations

import httpx
from starlette.datastructures import Headers

from directory.db import Database
from directory.settings import Settings
from server.middleware.proxies import TrustedProxies, forwarded_chain
from tests.security.edges_app import PEER, running

VIEWER = {"query": "{ viewer { kind } }"}


async def _viewer(http: httpx.AsyncClient, forwarded_for: str) -> httpx.Response:
    return await http.post("/graphql", json=VIEWER, headers={"X-Forwarded-For": forwarded_for})


async def test_a_forged_x_forwarded_for_does_not_reset_the_anonymous_budget(
    db: Database, settings: Settings
) -> None:
    async with running(db, settings, anonymous_budget_per_hour=2) as http:
        assert (await _viewer(http, "198.51.100.1")).status_code == 200
        assert (await _viewer(http, "198.51.100.2")).status_code == 200
        refused = await _viewer(http, "198.51.100.3")
        forwarded = await http.post("/graphql", json=VIEWER, headers={"Forwarded": "for=192.0.2.9"})
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert forwarded.status_code == 429


async def test_forwarded_headers_from_a_configured_proxy_name_the_caller(
    db: Database, settings: Settings
) -> None:
    async with running(
        db, settings, anonymous_budget_per_hour=1, trusted_proxies=(f"{PEER}/32",)
    ) as http:
        first = await _viewer(http, "198.51.100.1")
        other = await _viewer(http, "198.51.100.2")
        again = await _viewer(http, "198.51.100.1")
        by_rfc7239 = await http.post(
            "/graphql", json=VIEWER, headers={"Forwarded": 'for="[2001:db8::5]:4711";proto=https'}
        )
    assert (first.status_code, other.status_code, again.status_code) == (200, 200, 429)
    assert by_rfc7239.status_code == 200


def test_the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy() -> None:
    proxies = TrustedProxies(["10.0.0.0/8"])
    # the caller forged the left-most entry; the proxies appended the real ones
    assert proxies.client("10.0.0.2", ["6.6.6.6", "198.51.100.4", "10.0.0.1"]) == "198.51.100.4"
    assert proxies.client("10.0.0.2", ["garbage", "10.0.0.1"]) == "10.0.0.1"
    assert proxies.client("10.0.0.2", ["198.51.100.4:8080"]) == "198.51.100.4"
    assert not TrustedProxies([]).trusts("127.0.0.1")
    headers = Headers({"forwarded": 'for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"'})
    assert forwarded_chain(headers) == ["192.0.2.60", "[2001:db8::1]:4711"]


def test_trusted_proxies_setting_is_validated() -> None:
    assert Settings.from_env({}).trusted_proxies == ()
    found = Settings.from_env({"DIRECTORY_TRUSTED_PROXIES": "172.30.0.10, 10.0.0.0/8"})
    assert found.trusted_proxies == ("172.30.0.10/32", "10.0.0.0/8")
    try:
        Settings.from_env({"DIRECTORY_TRUSTED_PROXIES": "nginx"})
    except ValueError as exc:
        assert "DIRECTORY_TRUSTED_PROXIES" in str(exc)
    else:
        raise AssertionError("a host name was accepted")


async def test_the_hsds_api_spends_the_same_budget_as_graphql(
    db: Database, settings: Settings
) -> None:
    async with running(db, settings, anonymous_budget_per_hour=2) as http:
        assert (await http.post("/graphql", json=VIEWER)).status_code == 200
        allowed = await http.get("/hsds/organizations")
        refused = await http.get("/hsds/services")
        graphql = await http.post("/graphql", json=VIEWER)
    assert allowed.status_code == 200
    assert allowed.headers["X-RateLimit-Remaining"] == "0"
    assert refused.status_code == 429
    assert refused.json()["error"] == "RATE_LIMITED"
    assert int(refused.headers["Retry-After"]) >= 1
    assert graphql.status_code == 429
