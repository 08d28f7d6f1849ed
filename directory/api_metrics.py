"""Metrics that only the API layers can count: tokens, rate-limit refusals, GraphQL
operations. Any package may import this module (it imports only prometheus-client);
``server.middleware.prometheus`` exposes everything at ``/metrics``.

Label values that come from callers (operation names, grant types, error codes) are
bounded here, so that a caller cannot grow the metric set without limit.
"""

from __future__ import annotations

import re
import threading

from prometheus_client import Counter, Histogram

GRAPHQL_OPERATIONS = Counter(
    "directory_graphql_operations_total",
    "GraphQL operations run, by operation name, type and outcome (ok, error, refused).",
    ["operation", "type", "outcome"],
)
GRAPHQL_DURATION = Histogram(
    "directory_graphql_operation_duration_seconds",
    "Time to run one GraphQL operation, by operation name and type.",
    ["operation", "type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
GRAPHQL_EXECUTIONS = Counter(
    "directory_graphql_executions_total",
    "GraphQL operations executed, by executor: `compiled` (schema.execution), or "
    "`graphql-core` for what the compiled executor does not cover or answers with errors.",
    ["executor"],
)
GRAPHQL_COST = Histogram(
    "directory_graphql_query_cost",
    "Cost points charged per GraphQL operation (requested nodes / 100, at least 1).",
    ["type"],
    buckets=(1, 2, 5, 10, 20, 50, 100),
)
TOKENS_ISSUED = Counter(
    "directory_oauth_tokens_issued_total",
    "Access tokens issued by the token endpoint, by grant type.",
    ["grant_type"],
)
TOKEN_FAILURES = Counter(
    "directory_oauth_token_failures_total",
    "Token requests refused, by grant type and OAuth error code.",
    ["grant_type", "error"],
)
RATE_LIMIT_REFUSALS = Counter(
    "directory_rate_limit_refusals_total",
    "Requests refused because the caller's cost budget (or sign-in throttle) ran out.",
    ["caller"],
)

_GRANT_TYPES = {"client_credentials", "authorization_code", "refresh_token"}
_OAUTH_ERRORS = {
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "access_denied",
    "server_error",
    "temporarily_unavailable",
    "slow_down",
}
_OPERATION_TYPES = {"query", "mutation", "subscription"}
_CALLERS = {"client", "anonymous", "user", "sign_in", "client_auth"}
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
MAX_OPERATION_NAMES = 500
_seen_names: set[str] = set()
_names_lock = threading.Lock()


def operation_label(name: str | None) -> str:
    """A bounded label for a caller-chosen operation name: the name itself, ``anonymous``
    when there is none, ``invalid`` when it is not a GraphQL name, and ``other`` once this
    process has seen ``MAX_OPERATION_NAMES`` distinct names."""
    if not name:
        return "anonymous"
    if not _NAME.fullmatch(name):
        return "invalid"
    with _names_lock:
        if name in _seen_names:
            return name
        if len(_seen_names) >= MAX_OPERATION_NAMES:
            return "other"
        _seen_names.add(name)
    return name


def _bounded(value: str | None, allowed: set[str]) -> str:
    return value if value in allowed else "other"


def graphql_operation(
    name: str | None,
    operation_type: str | None,
    seconds: float,
    *,
    outcome: str = "ok",
    cost: int | None = None,
) -> None:
    """Count one GraphQL operation: ``outcome`` is ``ok``, ``error`` (errors in the
    response) or ``refused`` (rejected before it ran: cost, depth, budget, validation)."""
    label = operation_label(name)
    kind = _bounded(operation_type, _OPERATION_TYPES)
    GRAPHQL_OPERATIONS.labels(label, kind, _bounded(outcome, {"ok", "error", "refused"})).inc()
    GRAPHQL_DURATION.labels(label, kind).observe(seconds)
    if cost is not None:
        GRAPHQL_COST.labels(kind).observe(cost)


def token_issued(grant_type: str | None) -> None:
    TOKENS_ISSUED.labels(_bounded(grant_type, _GRANT_TYPES)).inc()


def token_failed(grant_type: str | None, error: str | None) -> None:
    TOKEN_FAILURES.labels(_bounded(grant_type, _GRANT_TYPES), _bounded(error, _OAUTH_ERRORS)).inc()


def rate_limited(caller: str) -> None:
    """``caller``: ``client``, ``anonymous``, ``user``, ``sign_in`` (throttled sign-in) or
    ``client_auth`` (throttled client authentication at the token endpoints)."""
    RATE_LIMIT_REFUSALS.labels(_bounded(caller, _CALLERS)).inc()
