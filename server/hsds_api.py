"""The read-only HSDS 3.0 API under ``/hsds/`` (Open Referral's ``openapi.json``).

Thin Starlette glue: parameters are parsed here, queries live in
:mod:`directory.hsds.paging`. The caller and the visibility rule are the same as GraphQL's
(``request.state.principal``, set by the OAuth middleware, else anonymous): an item the
caller may not see is absent, and an unknown id and an invisible id give the same 404.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Mount, Route

from auth.budget import BudgetState
from auth.principal import Principal
from directory import api_metrics as metrics
from directory.db import Database
from directory.errors import ErrorCode
from directory.hsds import paging as P
from directory.messages import say
from directory.reader import Reader
from directory.settings import Settings
from directory.visibility import Audience
from directory.vocab.languages import negotiate

HSDS_VERSION = "3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
PROFILE_URL = "https://docs.openreferral.org/en/v3.0/"


MAX_PAGE = 1_000_000
"""Pages beyond this are refused: their offset would overflow the database's integers."""


class BadRequest(ValueError):
    """A refused parameter: its message id (:mod:`directory.messages`) and values."""

    def __init__(self, message_id: str, **params: object) -> None:
        self.message_id = message_id
        self.params = params
        super().__init__(say(message_id, None, **params))


def language_of(request: Request) -> str:
    """The caller's language for messages (``Accept-Language``; English by default)."""
    return negotiate(None, request.headers.get("accept-language")) or "en"


def refuse(request: Request, code: ErrorCode, message_id: str, /, **params: object) -> JSONResponse:
    """``{"error": CODE, "message": …}`` with the code's status, in the caller's language."""
    message = say(message_id, language_of(request), **params)
    return JSONResponse({"error": code.value, "message": message}, status_code=code.status)


def not_found(request: Request, what: str) -> JSONResponse:
    return refuse(request, ErrorCode.NOT_FOUND, "not_found.hsds", what=what)


def principal_of(request: Request) -> Principal:
    principal = getattr(request.state, "principal", None)
    if not isinstance(principal, Principal):
        client = request.client.host if request.client else None
        principal = Principal.anonymous(client)
    return principal


def audience_of(request: Request) -> Audience | None:
    """The caller's audience, or None when anonymous reading is switched off."""
    principal = principal_of(request)
    if principal.is_anonymous and not request.app.state.settings.anonymous_read:
        return None
    return principal.audience()


async def spend(request: Request, points: int) -> BudgetState:
    """Take ``points`` from the caller's hourly budget, the same budget GraphQL spends."""
    principal = principal_of(request)
    settings: Settings = request.app.state.settings
    limit = (
        settings.anonymous_budget_per_hour
        if principal.is_anonymous
        else settings.client_budget_per_hour
    )
    state: BudgetState = await request.app.state.budget.spend(principal.rate_key, points, limit)
    if not state.allowed:
        metrics.rate_limited("anonymous" if principal.is_anonymous else "client")
    return state


def _budget_headers(state: BudgetState) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(state.limit),
        "X-RateLimit-Remaining": str(state.remaining),
        "X-RateLimit-Reset": str(int(state.reset_at.timestamp())),
    }


def _int(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.lstrip("-").isdigit() and len(raw) <= 12):
        raise BadRequest("bad_input.whole_number", name=name)
    value = int(raw)
    if value < low or (high is not None and value > high):
        if high is not None:
            raise BadRequest("bad_input.between", name=name, low=low, high=high)
        raise BadRequest("bad_input.at_least", name=name, low=low)
    return value


def _bool(request: Request, name: str) -> bool:
    raw = (request.query_params.get(name) or "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise BadRequest("bad_input.boolean", name=name)


def _datetime(request: Request, name: str) -> dt.datetime | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw.strip().replace(" ", "+"))
    except ValueError:
        raise BadRequest("bad_input.datetime", name=name) from None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def _uuid(raw: str | None, name: str) -> uuid.UUID | None:
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadRequest("bad_input.uuid", name=name) from None


def _explicit_paging(request: Request) -> P.Paging | None:
    """The page asked for, or None when neither ``page`` nor ``per_page`` is given (an
    ndjson stream then sends every match)."""
    if not (request.query_params.get("page") or request.query_params.get("per_page")):
        return None
    return _paging(request)


async def stream_cost(request: Request, audience: Audience) -> int:
    """An unpaged ndjson stream costs one point per ``MAX_PER_PAGE`` items it sends."""
    if not _ndjson(request) or _explicit_paging(request) is not None:
        return request_cost(request)
    kind = "organizations" if request.url.path.rstrip("/").endswith("organizations") else "services"
    total = await P.count(_db(request), kind, audience, _filters(request))
    return max(1, math.ceil(total / P.MAX_PER_PAGE))


def _paging(request: Request) -> P.Paging:
    return P.Paging(
        page=_int(request, "page", 1, 1, MAX_PAGE),
        per_page=_int(request, "per_page", P.DEFAULT_PER_PAGE, 1, P.MAX_PER_PAGE),
    )


def _filters(request: Request) -> P.Filters:
    params = request.query_params
    return P.Filters(
        search=params.get("search") or None,
        modified_after=_datetime(request, "modified_after"),
        taxonomy_term_id=params.get("taxonomy_term_id") or None,
        taxonomy_id=params.get("taxonomy_id") or None,
        organization_id=_uuid(params.get("organization_id"), "organization_id"),
    )


def _ndjson(request: Request) -> bool:
    fmt = (request.query_params.get("format") or "json").lower()
    if fmt not in ("json", "ndjson"):
        raise BadRequest("bad_input.format")
    return fmt == "ndjson"


def _db(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


@asynccontextmanager
async def _reader(request: Request, audience: Audience) -> AsyncIterator[Reader]:
    """The caller's read boundary on a read session (the replica when configured)."""
    async with _db(request).read_session() as session:
        yield Reader(session, audience)


Endpoint = Callable[[Request, Audience], Awaitable[Response]]


def request_cost(request: Request) -> int:
    """Budget points of one request: 1 for a page or one item (a page holds at most
    ``MAX_PER_PAGE`` items, like a GraphQL connection of 100 nodes)."""
    return 1


def endpoint(
    handler: Endpoint, cost: Callable[[Request, Audience], Awaitable[int]] | None = None
) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        audience = audience_of(request)
        if audience is None:
            return refuse(request, ErrorCode.UNAUTHENTICATED, "unauthenticated.bearer_required")
        try:
            points = await cost(request, audience) if cost else request_cost(request)
            state = await spend(request, points)
            if not state.allowed:
                retry = max(1, int((state.reset_at - dt.datetime.now(dt.UTC)).total_seconds()))
                refused = refuse(request, ErrorCode.RATE_LIMITED, "rate_limited.requests")
                refused.headers.update({**_budget_headers(state), "Retry-After": str(retry)})
                return refused
            response = await handler(request, audience)
        except BadRequest as exc:
            return refuse(request, ErrorCode.BAD_USER_INPUT, exc.message_id, **exc.params)
        response.headers.update(_budget_headers(state))
        return response

    return run


def _stream(items: AsyncIterator[dict[str, Any]]) -> StreamingResponse:
    async def lines() -> AsyncIterator[bytes]:
        async for item in items:
            yield (json.dumps(item, ensure_ascii=False) + "\n").encode()

    return StreamingResponse(lines(), media_type="application/x-ndjson")


async def about(request: Request, audience: Audience) -> Response:
    return JSONResponse(
        {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}
    )


async def organizations(request: Request, audience: Audience) -> Response:
    filters, full = _filters(request), _bool(request, "full")
    full_service = _bool(request, "full_service")
    if _ndjson(request):
        return _stream(
            P.stream(
                _db(request),
                "organizations",
                audience,
                filters,
                full=full,
                full_service=full_service,
                paging=_explicit_paging(request),
            )
        )
    async with _reader(request, audience) as reader:
        page = await P.organization_page(
            reader, filters, _paging(request), full=full, full_service=full_service
        )
    return JSONResponse(page)


async def organization(request: Request, audience: Audience) -> Response:
    try:
        organization_id = uuid.UUID(request.path_params["id"])
    except ValueError:
        return not_found(request, "organization")
    async with _reader(request, audience) as reader:
        found = await P.one_organization(
            reader, organization_id, full_service=_bool(request, "full_service")
        )
    return JSONResponse(found) if found is not None else not_found(request, "organization")


async def services(request: Request, audience: Audience) -> Response:
    filters, full = _filters(request), _bool(request, "full")
    if _ndjson(request):
        return _stream(
            P.stream(
                _db(request),
                "services",
                audience,
                filters,
                full=full,
                paging=_explicit_paging(request),
            )
        )
    async with _reader(request, audience) as reader:
        page = await P.service_page(reader, filters, _paging(request), full=full)
    return JSONResponse(page)


async def service(request: Request, audience: Audience) -> Response:
    try:
        service_id = uuid.UUID(request.path_params["id"])
    except ValueError:
        return not_found(request, "service")
    async with _reader(request, audience) as reader:
        found = await P.one_service(reader, service_id)
    return JSONResponse(found) if found is not None else not_found(request, "service")


async def _listed(request: Request, items: list[dict[str, Any]]) -> Response:
    if _ndjson(request):
        paging = _explicit_paging(request)
        if paging is not None:
            start = (paging.page - 1) * paging.per_page
            items = items[start : start + paging.per_page]

        async def each() -> AsyncIterator[dict[str, Any]]:
            for item in items:
                yield item

        return _stream(each())
    return JSONResponse(P.paged(items, _paging(request)))


async def taxonomies(request: Request, audience: Audience) -> Response:
    return await _listed(request, P.taxonomies(request.query_params.get("search")))


async def taxonomy(request: Request, audience: Audience) -> Response:
    found = [t for t in P.taxonomies(None) if t["id"] == request.path_params["id"]]
    return JSONResponse(found[0]) if found else not_found(request, "taxonomy")


async def taxonomy_terms(request: Request, audience: Audience) -> Response:
    params = request.query_params
    items = P.taxonomy_terms(
        params.get("search"), params.get("taxonomy_id"), params.get("parent_id")
    )
    return await _listed(request, items)


async def taxonomy_term(request: Request, audience: Audience) -> Response:
    found = [t for t in P.taxonomy_terms(None, None, None) if t["id"] == request.path_params["id"]]
    return JSONResponse(found[0]) if found else not_found(request, "taxonomy term")


def hsds_routes() -> list[BaseRoute]:
    """``/hsds/…`` routes; add them to the app's routes."""
    return [
        Mount(
            "/hsds",
            routes=[
                Route("/", endpoint(about), methods=["GET"]),
                Route("/organizations", endpoint(organizations, stream_cost), methods=["GET"]),
                Route("/organizations/{id}", endpoint(organization), methods=["GET"]),
                Route("/services", endpoint(services, stream_cost), methods=["GET"]),
                Route("/services/{id}", endpoint(service), methods=["GET"]),
                Route("/taxonomies", endpoint(taxonomies), methods=["GET"]),
                Route("/taxonomies/{id}", endpoint(taxonomy), methods=["GET"]),
                Route("/taxonomy_terms", endpoint(taxonomy_terms), methods=["GET"]),
                Route("/taxonomy_terms/{id}", endpoint(taxonomy_term), methods=["GET"]),
            ],
        )
    ]
