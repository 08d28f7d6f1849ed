"""The ASGI application factory: the one place that wires directory, auth and schema."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Route

from auth.budget import CostBudget, MemoryBudget
from auth.first_party import ensure_registered
from auth.redis_budget import RedisBudget
from auth.service import AuthService
from directory.count_cache import CountCache
from directory.db import Database
from directory.settings import Settings
from schema.response_cache import build_cache
from server.collector import tune_service
from server.graphiql import graphiql_page, graphiql_routes
from server.graphql_http import graphql_endpoint
from server.health import healthz, readyz
from server.hsds_api import hsds_routes
from server.middleware.bearer import BearerMiddleware
from server.middleware.guards import GuardMiddleware
from server.middleware.idempotency import IdempotencyMiddleware
from server.middleware.prometheus import install_metrics
from server.middleware.proxies import TrustedProxies, TrustedProxyMiddleware
from server.middleware.request_id import RequestIdMiddleware
from server.oauth_endpoints import auth_routes
from server.webhooks import build_worker, running_worker
from server.workspace import workspace_routes


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    *,
    webhook_worker: bool | None = None,
) -> Starlette:
    """Build the service. ``uvicorn --factory server.asgi:create_app`` calls it with no args.

    The process sends webhook deliveries too (``webhook_worker``) when it owns its
    database and ``DIRECTORY_EMBEDDED_WORKER`` is not false (``directory serve --no-worker``).
    """
    settings = settings or Settings.from_env()
    db = database or Database(
        settings.database_url,
        settings.read_database_url,
        statement_timeout=settings.statement_timeout,
    )
    owns_db = database is None
    if webhook_worker is None:
        webhook_worker = owns_db and settings.embedded_worker
    auth = AuthService.build(settings, db)
    budget: CostBudget = RedisBudget(settings.redis_url) if settings.redis_url else MemoryBudget()
    responses = build_cache(settings.response_cache, settings.redis_url, settings.database_url)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The workspace signs in as this service's own OAuth client: register it.
        try:
            await ensure_registered(db, auth.keys, settings.issuer)
        except Exception:  # not migrated yet, or unreachable: the first sign-in retries
            logging.getLogger(__name__).warning("the workspace client is not registered yet")
        tune_service()  # many short-lived rows a request: collect cycles rarely
        async with contextlib.AsyncExitStack() as stack:
            if webhook_worker:
                await stack.enter_async_context(running_worker(build_worker(settings, db)))
            yield
        if isinstance(budget, RedisBudget):
            await budget.close()
        if responses is not None:
            await responses.close()
        if owns_db:
            await db.dispose()

    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/graphql", graphql_endpoint(graphiql_page)),
        *graphiql_routes(),
        *hsds_routes(),
        *auth_routes(),
        *workspace_routes(),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    app.state.db = db
    app.state.budget = budget
    app.state.response_cache = responses
    # Search counts are kept with answers: DIRECTORY_RESPONSE_CACHE=off recomputes them too.
    app.state.counts = CountCache() if settings.response_cache else None
    app.state.auth = auth
    app.add_middleware(IdempotencyMiddleware)  # inside authentication: it needs the caller
    app.add_middleware(
        BearerMiddleware, db=db, signer=auth.signer, anonymous_read=settings.anonymous_read
    )
    app.add_middleware(GuardMiddleware)  # body size, NUL bytes, database down, nosniff
    install_metrics(app, db)
    app.add_middleware(RequestIdMiddleware)
    # Outermost: everything inside sees the real caller (only trusted proxies are believed).
    app.add_middleware(TrustedProxyMiddleware, proxies=TrustedProxies(settings.trusted_proxies))
    return app
