"""With the response cache on, a write through one service process is in the very next
read through another, whether the answers are kept in each process or in Redis."""

from __future__ import annotations

from pathlib import Path

from tests.ops.conftest import Service, run_cli, service_env
from tests.ops.flows import (
    CREATE_ORGANIZATION,
    client_token,
    create_client,
    graphql,
    organization_input,
)

LIST = "query List { organizations(first: 50) { totalCount nodes { slug } } }"


def _slugs(base_url: str) -> list[str]:
    response = graphql(base_url, LIST)
    assert response.status_code == 200, response.text
    return [node["slug"] for node in response.json()["data"]["organizations"]["nodes"]]


def _write_through_a_read_through_b(env: dict[str, str], tmp_path: Path) -> list[Service]:
    assert run_cli(env, "db", "upgrade").returncode == 0
    a = Service(env, tmp_path / "a.log").start()
    b = Service(env, tmp_path / "b.log").start()
    token = client_token(a.url, create_client(env, "cache-check", "directory:write"))
    for slug in ("refugio-uno", "refugio-dos"):
        for _ in range(3):  # B stores the answer and serves it from its cache
            before = _slugs(b.url)
        created = graphql(
            a.url, CREATE_ORGANIZATION, token, {"input": organization_input(slug)}
        ).json()
        assert created["data"]["createOrganization"]["userErrors"] == [], created
        assert slug not in before
        assert slug in _slugs(b.url)
        assert slug in _slugs(a.url)
    return [a, b]


def test_a_write_through_one_process_is_read_through_the_other(
    tmp_path: Path, pg_url: str, services: list[Service]
) -> None:
    env = service_env(tmp_path, pg_url, DIRECTORY_RESPONSE_CACHE="on")
    services.extend(_write_through_a_read_through_b(env, tmp_path))


def test_the_same_with_the_answers_in_redis(
    tmp_path: Path, pg_url: str, redis_url: str, services: list[Service]
) -> None:
    env = service_env(
        tmp_path, pg_url, DIRECTORY_RESPONSE_CACHE="on", DIRECTORY_REDIS_URL=redis_url
    )
    services.extend(_write_through_a_read_through_b(env, tmp_path))
