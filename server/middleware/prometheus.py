"""Prometheus metrics: HTTP requests by route template and status, SQL statements per
request, database pool use, and the ``/metrics`` endpoint.

Metrics that ``auth`` and ``schema`` count live in :mod:`directory.api_metrics`. With several
worker processes, set ``PROMETHEUS_MULTIPROC_DIR`` before the processes start
(``directory serve --workers N`` does it): every process writes its values there and
``/metrics`` in any process reports the sum over all of them.
"""

from __future__ import annotations

import functools
import os
import time
import weakref
from collections import OrderedDict
from contextvars import ContextVar
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from directory.db import Database

HTTP_REQUESTS = Counter(
    "directory_http_requests_total",
    "HTTP requests answered, by method, route template and status code.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "directory_http_request_duration_seconds",
    "Time from request to the end of the response, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
HTTP_IN_FLIGHT = Gauge(
    "directory_http_requests_in_flight",
    "Requests being served right now.",
    multiprocess_mode="livesum",
)
SQL_STATEMENTS = Counter(
    "directory_sql_statements_total",
    "SQL statements sent, by database (primary or replica).",
    ["database"],
)
SQL_PER_REQUEST = Histogram(
    "directory_sql_statements_per_request",
    "SQL statements one HTTP request sent, by route template.",
    ["route"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144),
)
POOL_IN_USE = Gauge(
    "directory_db_pool_connections_in_use",
    "Database connections checked out of the pool, by database.",
    ["database"],
    multiprocess_mode="livesum",
)
POOL_OPEN = Gauge(
    "directory_db_pool_connections_open",
    "Database connections open (in use or idle in the pool), by database.",
    ["database"],
    multiprocess_mode="livesum",
)
POOL_CAPACITY = Gauge(
    "directory_db_pool_capacity",
    "Most connections the pool may open (size + overflow), by database.",
    ["database"],
    multiprocess_mode="livesum",
)

UNMATCHED = "<unmatched>"
_statements: ContextVar[list[int] | None] = ContextVar("sql_statements", default=None)
_instrumented: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
_pool_open: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
"""The open connections last written to :data:`POOL_OPEN`, per engine."""


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def exposition() -> bytes:
    """The Prometheus text of this process, or of all worker processes in multiprocess mode."""
    update_pool_gauges()
    if multiprocess_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


async def metrics_endpoint(request: Request) -> Response:
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)


def instrument_engine(engine: AsyncEngine, database: str) -> None:
    """Count statements (per request too) and pool connections of one engine, once."""
    sync_engine = engine.sync_engine
    if sync_engine in _instrumented:
        return
    _instrumented[sync_engine] = database
    statements = SQL_STATEMENTS.labels(database)
    in_use = POOL_IN_USE.labels(database)

    def on_execute(*_args: Any) -> None:
        statements.inc()
        counter = _statements.get()
        if counter is not None:
            counter[0] += 1

    event.listen(sync_engine, "before_cursor_execute", on_execute)
    event.listen(sync_engine, "checkout", lambda *_a: in_use.inc())
    event.listen(sync_engine, "checkin", lambda *_a: in_use.dec())
    pool = sync_engine.pool
    size, overflow = getattr(pool, "size", None), getattr(pool, "_max_overflow", 0)
    if callable(size):
        POOL_CAPACITY.labels(database).set(size() + max(overflow, 0))
    update_pool_gauges()


def update_pool_gauges() -> None:
    """Connections open per database, read from the pools of this process (the gauge is
    written only when the number changed: in multiprocess mode a write is a file write)."""
    for sync_engine, database in list(_instrumented.items()):
        pool = sync_engine.pool
        checked_in, checked_out = (
            getattr(pool, "checkedin", None),
            getattr(pool, "checkedout", None),
        )
        if callable(checked_in) and callable(checked_out):
            open_now = checked_in() + checked_out()
            if _pool_open.get(sync_engine) != open_now:
                POOL_OPEN.labels(database).set(open_now)
                _pool_open[sync_engine] = open_now


def instrument_database(db: Database) -> None:
    instrument_engine(db.engine, "primary")
    if db.read_engine is not db.engine:
        instrument_engine(db.read_engine, "replica")


def route_template(routes: list[BaseRoute], scope: Scope, prefix: str = "") -> str | None:
    """The path template (``/hsds/organizations/{id}``) of the route that serves ``scope``."""
    for route in routes:
        match, child = route.matches(scope)
        if match is not Match.FULL:
            continue
        if isinstance(route, Mount):
            inner = route_template(route.routes, {**scope, **child}, prefix + route.path)
            return inner or prefix + route.path
        if isinstance(route, Route):
            return prefix + route.path
        return prefix + str(getattr(route, "path", ""))
    return None


@functools.lru_cache(maxsize=1024)
def _answered(method: str, route: str, status: str) -> Any:
    """The request counter of one method, route and status (``labels`` looks it up under
    a lock on every call; the children never change)."""
    return HTTP_REQUESTS.labels(method, route, status)


@functools.lru_cache(maxsize=1024)
def _timings(method: str, route: str) -> tuple[Any, Any]:
    """The duration histogram of one method and route, and the statements one of its
    route."""
    return HTTP_DURATION.labels(method, route), SQL_PER_REQUEST.labels(route)


class MetricsMiddleware:
    """Counts every HTTP request by route template and status, and the SQL statements it
    sent. Also marks this worker's multiprocess files dead when the app shuts down."""

    TEMPLATES = 1024
    """Route templates remembered by method and path (most recent first)."""

    def __init__(self, app: ASGIApp, routes: list[BaseRoute]) -> None:
        self.app = app
        self.routes = routes
        self._templates: OrderedDict[tuple[str, str, str], str] = OrderedDict()

    def template(self, scope: Scope) -> str:
        """The route template of ``scope``, matched once per method and path."""
        key = (scope["method"], scope.get("root_path", ""), scope["path"])
        found = self._templates.get(key)
        if found is None:
            found = route_template(self.routes, scope) or UNMATCHED
            self._templates[key] = found
            if len(self._templates) > self.TEMPLATES:
                self._templates.popitem(last=False)
        else:
            self._templates.move_to_end(key)
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, self._lifespan_send(send))
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        counter = [0]
        _statements.set(counter)
        status = 500

        async def send_and_watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        HTTP_IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send_and_watch)
        finally:
            HTTP_IN_FLIGHT.dec()
            route = self.template(scope)
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            _answered(method, route, str(status)).inc()
            duration, statements = _timings(method, route)
            duration.observe(time.perf_counter() - started)
            statements.observe(counter[0])
            update_pool_gauges()
            _statements.set(None)

    @staticmethod
    def _lifespan_send(send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "lifespan.shutdown.complete" and multiprocess_dir():
                multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
            await send(message)

        return wrapped


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def statements_in_this_request() -> int | None:
    """How many SQL statements the current request has sent so far (None outside one)."""
    counter = _statements.get()
    return None if counter is None else counter[0]


def install_metrics(app: Starlette, db: Database) -> None:
    """Serve ``/metrics``, count every request and every SQL statement of ``db``."""
    app.router.routes.append(Route("/metrics", metrics_endpoint, methods=["GET"]))
    instrument_database(db)
    app.add_middleware(MetricsMiddleware, routes=app.router.routes)
