"""A bounded fuzz run (about a minute): schemathesis against the HSDS API's GET operations
(Open Referral's openapi.json) and against the GraphQL schema's queries. No answer may be
a 5xx, and no GraphQL error may be INTERNAL_SERVER_ERROR. Prints the number of cases."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings

from directory.settings import Settings
from tests.security.live import live_server

OPENAPI = Path(__file__).resolve().parents[2] / ".." / "shared" / "hsds-3.0" / "openapi.json"
HSDS_EXAMPLES = 60  # per operation
GRAPHQL_EXAMPLES = 40  # per query field
TIME_BUDGET = 35.0  # seconds per API; the run stops adding operations past it


def _fuzz(operations: list[Any], base_url: str, examples: int, check: Any) -> int:
    cases = 0
    started = time.monotonic()
    for operation in operations:
        if time.monotonic() - started > TIME_BUDGET:
            break

        @hypothesis_settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            nonlocal cases
            response = case.call(base_url=base_url, timeout=30)
            cases += 1
            check(case, response)

        run()
    return cases


def _no_server_error(case: Any, response: Any) -> None:
    assert response.status_code < 500, (case.path, case.query, response.text[:300])


def _no_internal_error(case: Any, response: Any) -> None:
    _no_server_error(case, response)
    try:
        body = response.json()
    except (ValueError, json.JSONDecodeError):
        return
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code != "INTERNAL_SERVER_ERROR", (case.body, error)


def test_fuzz_hsds_and_graphql(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not OPENAPI.exists():
        pytest.skip(f"HSDS's openapi.json is not at {OPENAPI}")
    with live_server(settings, tmp_path) as base:
        hsds = schemathesis.openapi.from_path(str(OPENAPI))
        gets = [
            result.ok()
            for result in hsds.get_all_operations()
            if result.ok().method.upper() == "GET"
        ]
        hsds_cases = _fuzz(gets, f"{base}/hsds", HSDS_EXAMPLES, _no_server_error)
        graphql = schemathesis.graphql.from_url(f"{base}/graphql")
        queries = [
            result.ok()
            for result in graphql.get_all_operations()
            if result.ok().label.startswith("Query.")
        ]
        graphql_cases = _fuzz(queries, base, GRAPHQL_EXAMPLES, _no_internal_error)
    with capsys.disabled():
        print(
            f"\nfuzz: {hsds_cases} HSDS cases over {len(gets)} GET operations, "
            f"{graphql_cases} GraphQL cases over {len(queries)} query fields"
        )
    assert hsds_cases > 0 and graphql_cases > 0
