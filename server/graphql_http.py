"""GraphQL over HTTP (the graphql-over-http spec) on Starlette.

POST with a JSON body runs any operation; GET runs queries only (a mutation over GET is
405 with ``Allow: POST``). Answers are ``application/graphql-response+json`` or
``application/json`` as the ``Accept`` header asks. Requests that cannot run (a body that is
not JSON, a document that does not parse or validate, a query over the limits, a spent
budget) get a 4xx status and no ``data``; once execution starts the status is 200. Every
error has ``extensions.code`` and every response ``extensions.cost``. A browser GET
(``Accept: text/html``) gets the GraphiQL page from the ``graphiql`` callable.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
    print_ast,
    validate,
)
from graphql.execution.values import get_variable_values
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send

from auth.budget import BudgetState
from auth.principal import Principal
from directory import api_metrics as metrics
from directory.db import Database
from directory.reader import Reader
from directory.settings import Settings
from directory.unavailable import (
    MESSAGE as UNAVAILABLE_MESSAGE,
)
from directory.unavailable import (
    RETRY_AFTER_SECONDS,
    is_statement_timeout,
    is_unavailable,
)
from directory.vocab.languages import negotiate
from schema import limits
from schema.context import RequestContext
from schema.errors import (
    INTERNAL_MESSAGE,
    ErrorCode,
    bad_input,
    code_of,
    error,
    localized,
    rate_limited,
    too_complex,
    unauthenticated,
)
from schema.execution import Executor
from schema.inputs import check_document_literals, nul_in
from schema.query_cache import ByteBoundedCache, key_of, shape_of
from schema.replica_routing import needs_primary
from schema.response_cache import Cached, ResponseCache, cacheable, etag_of
from schema.response_cache import key_of as answer_key_of

log = logging.getLogger("directory.graphql")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
Page = Callable[[Request], Awaitable[Response]]


CACHE_BYTES = 4_000_000
"""Documents (by their size in bytes) the parse and validation caches hold, each."""
CACHE_ENTRY_BYTES = 100_000
"""A document larger than this is parsed and validated every time, never cached."""


PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
"""The code Apollo clients expect for a hash the server does not know: they resend it with
its document."""


class RequestProblem(Exception):
    """A request that cannot run: answered with ``status`` and these errors, no ``data``.

    ``json_ok``: a document that does not parse or validate, or variables that do not
    coerce, which the GraphQL-over-HTTP spec answers with 200 under ``application/json``
    (and with ``status`` under ``application/graphql-response+json``).
    """

    def __init__(
        self,
        status: int,
        errors: list[GraphQLError],
        headers: dict[str, str] | None = None,
        json_ok: bool = False,
    ) -> None:
        super().__init__(status)
        self.status = status
        self.errors = errors
        self.headers = headers or {}
        self.json_ok = json_ok


def _accepted(accept: str | None) -> str | None:
    """The response media type for an Accept header (None: nothing we can produce)."""
    if not accept:
        return JSON
    ranked: list[tuple[float, int, str]] = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media == GRAPHQL_RESPONSE:
            ranked.append((-quality, 0, GRAPHQL_RESPONSE))
        elif media == JSON:
            ranked.append((-quality, 1, JSON))
        elif media in {"*/*", "application/*"}:
            ranked.append((-quality, 2, JSON))
    return sorted(ranked)[0][2] if ranked else None


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.method == "GET" and "text/html" in accept and "query" not in request.query_params


def _formatted(err: GraphQLError, language: str | None = None) -> dict[str, Any]:
    """An error as the client sees it: with a code, and no internals of unexpected failures;
    a catalogued message in ``language`` (the code never changes with it)."""
    code = code_of(err)
    if code is None and err.original_error is not None and is_statement_timeout(err.original_error):
        err = GraphQLError(
            "a database statement ran too long and was stopped; ask for less",
            nodes=err.nodes,
            path=err.path,
            extensions={"code": ErrorCode.QUERY_TOO_COMPLEX.value},
        )
    elif code is None:
        if err.original_error is not None and not isinstance(err.original_error, GraphQLError):
            log.error(
                "GraphQL resolver failed at %s",
                ".".join(str(p) for p in err.path or []),
                exc_info=err.original_error,
            )
            err = GraphQLError(
                INTERNAL_MESSAGE,
                nodes=err.nodes,
                path=err.path,
                extensions={"code": ErrorCode.INTERNAL_SERVER_ERROR.value},
            )
        else:
            err = GraphQLError(
                err.message,
                nodes=err.nodes,
                path=err.path,
                extensions={**(err.extensions or {}), "code": ErrorCode.BAD_USER_INPUT.value},
            )
    formatted = dict(err.formatted)
    formatted["message"] = localized(err, language)
    return formatted


def _language_of(context: RequestContext, err: GraphQLError) -> str | None:
    """The language of an error: its root field's ``language`` argument, else the request's."""
    if err.path:
        return context.root_languages.get(str(err.path[0]), context.language)
    return context.language


class GraphQLEndpoint:
    """The ``/graphql`` ASGI endpoint.

    ``schema`` is the graphql-core schema to serve; ``graphiql`` renders the explorer for a
    browser GET (``None``: a short note instead).
    """

    def __init__(self, schema: GraphQLSchema, graphiql: Page | None = None) -> None:
        self.schema = schema
        self.graphiql = graphiql
        self.parsed: ByteBoundedCache[DocumentNode] = ByteBoundedCache(
            CACHE_BYTES, CACHE_ENTRY_BYTES
        )
        self.validated: ByteBoundedCache[tuple[GraphQLError, ...]] = ByteBoundedCache(
            CACHE_BYTES, CACHE_ENTRY_BYTES
        )
        self.normalized: ByteBoundedCache[tuple[bytes | None, bytes]] = ByteBoundedCache(
            CACHE_BYTES, CACHE_ENTRY_BYTES
        )
        """By the hash of a document's text: the hash of its shape (``shape_of``: the same
        for documents that differ only in alias names) and of the document (its shape and
        its alias names)."""
        self.measured: ByteBoundedCache[limits.Complexity] = ByteBoundedCache(
            CACHE_BYTES, CACHE_ENTRY_BYTES
        )
        """By the hash of a document's text and an operation name: the operation's
        complexity when sent without variables (``measure_first``)."""
        self.persisted: ByteBoundedCache[str] = ByteBoundedCache(CACHE_BYTES, CACHE_ENTRY_BYTES)
        """Automatic persisted queries: document texts by their SHA-256 (hex)."""
        self.executor = Executor(schema)

    def document_keys(
        self, key: bytes, source: str, document: DocumentNode
    ) -> tuple[bytes | None, bytes]:
        """The shape key (None: none) and the normalized key of a document (``key``: the
        hash of its text, :func:`key_of`)."""
        found = self.normalized.get(key)
        if found is None:
            found = shape_of(document) or (
                None,
                hashlib.sha256(print_ast(document).encode("utf-8", "surrogatepass")).digest(),
            )
            self.normalized.put(key, len(source), found)
        return found

    def parse(self, key: bytes, source: str) -> DocumentNode:
        """The document, parsed and checked (size limits, literals) once per distinct text:
        token cap, then cached by ``key`` (its hash); a document that fails a check is not
        cached."""
        found = self.parsed.get(key)
        if found is None:
            try:
                found = limits.parse_document(source)
            except GraphQLError as err:
                status_ok = code_of(err) == ErrorCode.BAD_USER_INPUT
                raise RequestProblem(400, [err], json_ok=status_ok) from None
            try:
                limits.check_document(found)
                check_document_literals(found, source)
            except GraphQLError as err:
                raise RequestProblem(400, [err]) from None
            self.parsed.put(key, len(source), found)
        return found

    def measure_first(
        self,
        key: bytes,
        source: str,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
    ) -> limits.Complexity:
        """The first, linear complexity check (before validation, variables as sent):
        measured once per shape and operation when no variables are sent, since nothing
        else can change it (alias names count nothing); raises what ``limits.measure``
        raises, every time."""
        if variables:
            return limits.measure(self.schema, document, operation, variables)
        shape = self.document_keys(key, source, document)[0] or key
        operation_key = shape + (operation.name.value.encode() if operation.name else b"")
        found = self.measured.get(operation_key)
        if found is None:
            found = limits.measure(self.schema, document, operation, variables)
            self.measured.put(operation_key, len(source), found)
        return found

    def validate(self, key: bytes, source: str, document: DocumentNode) -> tuple[GraphQLError, ...]:
        """The validation errors of a document: validated once per text, and once per
        shape for valid ones (a new alias name per request is not a new document to
        validate); errors always come from the document itself."""
        found = self.validated.get(key)
        if found is None:
            shape = self.document_keys(key, source, document)[0]
            if shape is not None:
                found = self.validated.get(shape)
            if found is None or found:
                found = tuple(validate(self.schema, document))
                if shape is not None and not found:
                    self.validated.put(shape, len(source), found)
            self.validated.put(key, len(source), found)
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        if request.method not in {"GET", "POST"}:
            return self._plain(405, "use GET or POST", {"Allow": "GET, POST"})
        if _wants_html(request):
            if self.graphiql is not None:
                return await self.graphiql(request)
            return HTMLResponse(
                "<!doctype html><title>GraphQL</title><p>This is the directory's GraphQL "
                "endpoint. POST a JSON body with a <code>query</code>, or install GraphiQL.</p>"
            )
        media = _accepted(request.headers.get("accept"))
        if media is None:
            return self._plain(406, f"accept {GRAPHQL_RESPONSE} or {JSON}")
        principal = self._principal(request)
        settings: Settings = request.app.state.settings
        budget_limit = (
            settings.anonymous_budget_per_hour
            if principal.is_anonymous
            else settings.client_budget_per_hour
        )
        try:
            if principal.is_anonymous and not settings.anonymous_read:
                raise RequestProblem(401, [unauthenticated()], {"WWW-Authenticate": "Bearer"})
            params = await self._params(request)
            return await self._run(request, media, principal, params, budget_limit)
        except RequestProblem as problem:
            state = await request.app.state.budget.spend(principal.rate_key, 0, budget_limit)
            body = {
                "errors": [
                    _formatted(e, negotiate(None, request.headers.get("accept-language")))
                    for e in problem.errors
                ],
                "extensions": {"cost": self._cost(0, state)},
            }
            status = 200 if problem.json_ok and media == JSON else problem.status
            return self._json(status, media, body, problem.headers)

    def _principal(self, request: Request) -> Principal:
        found = getattr(request.state, "principal", None)
        if isinstance(found, Principal):
            return found
        return Principal.anonymous(request.client.host if request.client else None)

    async def _params(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            raw: dict[str, Any] = dict(request.query_params)
            for key in ("variables", "extensions"):
                if raw.get(key):
                    try:
                        raw[key] = json.loads(raw[key])
                    except ValueError:
                        raise RequestProblem(400, [bad_input(f"`{key}` is not JSON")]) from None
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type != JSON:
                raise RequestProblem(
                    415, [bad_input(f"send the request body as {JSON}")], {"Accept-Post": JSON}
                )
            try:
                raw = json.loads(await request.body())
            except ValueError:
                raise RequestProblem(400, [bad_input("the body is not JSON")]) from None
            except RecursionError:
                raise RequestProblem(400, [bad_input("the body is nested too deeply")]) from None
            if not isinstance(raw, dict):
                raise RequestProblem(400, [bad_input("the body must be a JSON object")])
        query, variables, name = raw.get("query"), raw.get("variables"), raw.get("operationName")
        extensions = raw.get("extensions")
        if isinstance(extensions, dict) and "persistedQuery" in extensions:
            query = self._persisted(query, extensions["persistedQuery"])
        if not isinstance(query, str) or not query.strip():
            raise RequestProblem(400, [bad_input("`query` must be a GraphQL document")])
        if variables is not None and not isinstance(variables, dict):
            raise RequestProblem(400, [bad_input("`variables` must be a JSON object")])
        if name is not None and not isinstance(name, str):
            raise RequestProblem(400, [bad_input("`operationName` must be a string")])
        if nul_in(query) or nul_in(variables) or nul_in(name):
            raise RequestProblem(400, [bad_input("the request holds a NUL character")])
        return {"query": query, "variables": variables or {}, "operation_name": name}

    def _persisted(self, query: Any, persisted: Any) -> str:
        """Automatic persisted queries (Apollo's protocol): a hash alone runs the document
        sent with it before; a hash with a document registers it."""
        digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if (
            not isinstance(persisted, dict)
            or persisted.get("version") != 1
            or not isinstance(digest, str)
        ):
            raise RequestProblem(
                400, [bad_input("`extensions.persistedQuery` needs `version: 1` and `sha256Hash`")]
            )
        digest = digest.lower()
        if isinstance(query, str) and query:
            if hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest() != digest:
                raise RequestProblem(400, [bad_input("`sha256Hash` is not the SHA-256 of `query`")])
            self.persisted.put(digest.encode(), len(query), query)
            return query
        found = self.persisted.get(digest.encode())
        if found is None:
            raise RequestProblem(
                400,
                [
                    GraphQLError(
                        "PersistedQueryNotFound",
                        extensions={"code": PERSISTED_QUERY_NOT_FOUND},
                    )
                ],
                json_ok=True,
            )
        return found

    async def _run(
        self,
        request: Request,
        media: str,
        principal: Principal,
        params: dict[str, Any],
        budget_limit: int,
    ) -> Response:
        started = time.perf_counter()
        source: str = params["query"]
        text_key = key_of(source)  # the document's hash, computed once a request
        document = self.parse(text_key, source)
        operation = get_operation_ast(document, params["operation_name"])
        if operation is None:
            raise RequestProblem(400, [bad_input("name the operation to run with `operationName`")])
        try:
            # A first, linear check before validation, with the variables as sent.
            first = self.measure_first(text_key, source, document, operation, params["variables"])
            limits.check(first)
        except GraphQLError as err:
            raise RequestProblem(400, [err]) from None
        problems = self.validate(text_key, source, document)
        if problems:
            raise RequestProblem(400, list(problems), json_ok=True)
        if request.method == "GET" and operation.operation is not OperationType.QUERY:
            raise RequestProblem(
                405, [bad_input("mutations must be sent with POST")], {"Allow": "POST"}
            )
        coerced = get_variable_values(
            self.schema, operation.variable_definitions or (), params["variables"]
        )
        if isinstance(coerced, list):
            raise RequestProblem(400, coerced, json_ok=True)
        name, kind = operation.name.value if operation.name else None, operation.operation.value
        try:
            # With variables, again with their coerced values; without, the first is it.
            complexity = first
            if operation.variable_definitions:
                complexity = limits.measure(self.schema, document, operation, coerced)
                limits.check(complexity)
        except GraphQLError as err:
            metrics.graphql_operation(name, kind, time.perf_counter() - started, outcome="refused")
            raise RequestProblem(400, [err]) from None
        state = await request.app.state.budget.spend(
            principal.rate_key, complexity.cost, budget_limit
        )
        if not state.allowed:
            retry = max(1, int((state.reset_at - _now()).total_seconds()))
            metrics.rate_limited("anonymous" if principal.is_anonymous else "client")
            metrics.graphql_operation(name, kind, time.perf_counter() - started, outcome="refused")
            raise RequestProblem(429, [rate_limited()], {"Retry-After": str(retry)})
        db: Database = request.app.state.db
        context = RequestContext(
            db,
            principal,
            language=negotiate(None, request.headers.get("accept-language")),
            request=request,
            fresh=needs_primary(document, operation),
            counts=getattr(request.app.state, "counts", None),
        )
        settings = request.app.state.settings
        timeout = settings.query_timeout if kind == "query" else None
        store: ResponseCache | None = getattr(request.app.state, "response_cache", None)
        answer_key: bytes | None = None
        position = 0
        cached: Cached | None = None
        result: Any = None
        try:
            async with asyncio.timeout(timeout):
                if store is not None and cacheable(document, operation):
                    answer_key = answer_key_of(
                        self.document_keys(text_key, source, document)[1],
                        params["operation_name"],
                        params["variables"],
                        context.language,
                        context.audience,
                        context.write_access,
                    )
                    if store.seen_before(answer_key):
                        # The position first: the answer computed next is at least as new.
                        position = await (
                            context.read(_feed_position)
                            if context.fresh
                            else db.feed_position.read()
                        )
                        cached = await store.get(answer_key, position)
                    else:
                        answer_key = None  # asked for the first time: not stored
                if cached is None:
                    result = await self.executor.execute(
                        document,
                        operation,
                        document_key=text_key,
                        weight=len(source),
                        raw_variables=params["variables"],
                        variables=coerced,
                        operation_name=params["operation_name"],
                        context=context,
                        compiled=settings.compiled_executor,
                    )
        except TimeoutError:
            metrics.graphql_operation(name, kind, time.perf_counter() - started, outcome="refused")
            raise RequestProblem(400, [_timed_out(settings.query_timeout)]) from None
        finally:
            await context.close()
        errors: list[dict[str, Any]] = []
        if cached is None:
            assert isinstance(result, ExecutionResult)
            self._raise_unavailable(result)
            data = _dumps(result.data)
            if result.errors:
                errors = [_formatted(e, _language_of(context, e)) for e in result.errors]
            elif request.method == "GET" or answer_key is not None:
                # An entity tag for a GET, or for the answer kept (a POST's needs none).
                cached = Cached(data, etag_of(data))
                if store is not None and answer_key is not None:
                    await store.put(answer_key, position, cached)
        else:
            data = cached.data
        cost = {"cost": self._cost(complexity.cost, state, complexity.nodes)}
        metrics.graphql_operation(
            name,
            kind,
            time.perf_counter() - started,
            outcome="error" if errors else "ok",
            cost=complexity.cost,
        )
        headers: dict[str, str] = {}
        if request.method == "GET":
            # Anonymous answers are the same for every anonymous caller; others are theirs.
            scope = "public" if principal.is_anonymous else "private"
            headers["Cache-Control"] = f"{scope}, no-cache"
            headers["Vary"] = "Accept, Accept-Language, Authorization"
            if cached is not None:
                headers["ETag"] = cached.etag
                if _matches(request.headers.get("if-none-match"), cached.etag):
                    return Response(status_code=304, headers=headers)
        content = b'{"data":' + data
        if errors:
            content += b',"errors":' + _dumps(errors)
        content += b',"extensions":' + _dumps(cost) + b"}"
        return Response(
            content, status_code=200, media_type=f"{media}; charset=utf-8", headers=headers
        )

    @staticmethod
    def _raise_unavailable(result: ExecutionResult) -> None:
        """503 when a resolver failed because the database cannot be reached."""
        for err in result.errors or ():
            if err.original_error is not None and is_unavailable(err.original_error):
                log.warning(
                    "database unavailable", extra={"error": type(err.original_error).__name__}
                )
                raise RequestProblem(
                    503,
                    [error(ErrorCode.SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE)],
                    {"Retry-After": str(RETRY_AFTER_SECONDS)},
                )

    @staticmethod
    def _cost(requested: int, state: BudgetState, nodes: int = 0) -> dict[str, Any]:
        return {
            "requested": requested,
            "nodeCount": nodes,
            "limit": state.limit,
            "remaining": state.remaining,
            "resetAt": state.reset_at.isoformat().replace("+00:00", "Z"),
        }

    @staticmethod
    def _json(
        status: int, media: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> Response:
        content = _dumps(body)
        return Response(
            content,
            status_code=status,
            media_type=f"{media}; charset=utf-8",
            headers=headers,
        )

    @staticmethod
    def _plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        body = {
            "errors": [{"message": message, "extensions": {"code": ErrorCode.BAD_USER_INPUT.value}}]
        }
        return Response(json.dumps(body), status_code=status, media_type=JSON, headers=headers)


def _dumps(value: Any) -> bytes:
    """JSON as UTF-8 bytes (orjson; the standard library for what orjson refuses, such as
    a lone surrogate, which it escapes)."""
    try:
        return orjson.dumps(value, default=str)
    except TypeError:
        return json.dumps(value, separators=(",", ":"), default=str).encode()


def _matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison) or is ``*``."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


async def _feed_position(reader: Reader) -> int:
    return await reader.feed_position()


def _timed_out(seconds: float) -> GraphQLError:
    return too_complex(
        f"the query ran longer than {seconds:g} seconds and was stopped; ask for less",
        timeoutSeconds=seconds,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def graphql_endpoint(graphiql: Page | None = None) -> GraphQLEndpoint:
    """The endpoint over the served schema (see ``schema.api``)."""
    from schema.api import build_schema

    return GraphQLEndpoint(build_schema().graphql_schema, graphiql)
