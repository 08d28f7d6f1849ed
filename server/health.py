"""Liveness and readiness endpoints."""

from __future__ import annotations

import logging

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from directory.db import Database
from directory.migrate import current_revision, expected_heads

log = logging.getLogger(__name__)


async def healthz(request: Request) -> JSONResponse:
    """The process is up (it answers without touching the database)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """The process can serve: the primary database answers a query and is migrated to the
    code's Alembic head, and the read replica answers when one is configured (read-only
    queries would fail without it)."""
    db: Database = request.app.state.db
    sessions = {"database": db.session}
    if db.read_engine is not db.engine:
        sessions["replica"] = db.read_session
    for name, open_session in sessions.items():
        try:
            async with open_session() as session:
                await session.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means "not ready"
            log.warning(
                "readiness check failed", extra={"database": name, "error": type(exc).__name__}
            )
            return JSONResponse(
                {"status": "unavailable", name: "unreachable"},
                status_code=503,
                headers={"Retry-After": "30"},
            )
    try:
        applied = await current_revision(db.engine)
    except Exception as exc:  # noqa: BLE001 - any failure here means "not ready"
        log.warning("readiness check failed", extra={"error": type(exc).__name__})
        applied = None
    wanted = expected_heads()
    if applied != wanted:
        log.warning("database not migrated", extra={"applied": applied, "expected": wanted})
        return JSONResponse(
            {
                "status": "unavailable",
                "database": "not migrated",
                "message": "run `directory db upgrade`",
                "revision": applied,
                "expected": wanted,
            },
            status_code=503,
            headers={"Retry-After": "30"},
        )
    body = {"status": "ok", "database": db.dialect}
    if "replica" in sessions:
        body["replica"] = "ok"
    return JSONResponse(body)
