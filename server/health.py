"""Liveness and readiness endpoints."""

from __future__ import annotations

import logging

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from directory.db import Database

log = logging.getLogger(__name__)


async def healthz(request: Request) -> JSONResponse:
    """The process is up (it answers without touching the database)."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """The process can serve: the primary database answers a query."""
    db: Database = request.app.state.db
    try:
        async with db.session() as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not ready"
        log.warning("readiness check failed", extra={"error": type(exc).__name__})
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": db.dialect})
