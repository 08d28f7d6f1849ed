"""The compiled executor answers exactly what graphql-core answers, for every audience.

Each query runs twice on the same data and principal: once through ``schema.execution``
(compiled, falling back to graphql-core where it must) and once through graphql-core alone;
data, errors and their order must be identical, byte for byte once encoded. The metric
``directory_graphql_executions_total`` tells which executor answered, so the tests also
prove the compiled path was taken where it should be (and left where it should not).
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from graphql import ExecutionResult, get_operation_ast, parse, validate
from graphql.execution.values import get_variable_values
from prometheus_client import REGISTRY

from auth.principal import Principal, PrincipalKind
from directory.db import Database
from schema.api import build_schema
from schema.context import RequestContext
from schema.execution import Executor
from schema.query_cache import key_of
from tests.schema.reads import listing
from tests.schema.test_read_canary import EVERYTHING, plant

SCHEMA = build_schema().graphql_schema

PAGE = """
query Page($first: Int!, $withContacts: Boolean!, $skipAreas: Boolean = false) {
  organizations(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename id slug kind website language country alternateNames languages version
      archived createdAt updatedAt
      ...Names
      first: services(first: 1) { totalCount pageInfo { hasNextPage } edges { cursor node { name } } }
      services(first: 10) { nodes { id name description status languages open24x7 timezone
        categories { code name } populations { code } traffickingTypes
        hours { days opens closes } serviceAreas { municipality jurisdiction { code name } }
        jurisdictions { code } translations { language name original }
        phones { number } emails { address } organization { slug } } }
      serviceAreas @skip(if: $skipAreas) { municipality jurisdiction { code } service { name } }
      jurisdictions { code name type country }
      contacts @include(if: $withContacts) { __typename name title department visibility
        phones { number display extension shortCode type hotline open24x7 languages }
        emails { address } service { name } organization { slug } }
      phones { number type } emails { address }
      locations { name city country latitude longitude subdivision { code } phones { number } }
      verification { status lastVerifiedAt changedSinceVerification verifiedBy confirmedAt }
      translations { language name description original }
    }
  }
}
fragment Names on Organization { name description alias: name }
"""

QUERIES: list[tuple[str, dict[str, Any], str]] = [
    (EVERYTHING, {}, "compiled"),
    (PAGE, {"first": 20, "withContacts": True}, "compiled"),
    (PAGE, {"first": 2, "withContacts": False, "skipAreas": True}, "compiled"),
    (
        '{ organizations(first: 10, language: "en") { nodes { name description'
        " services { nodes { name description } } } } }",
        {},
        "compiled",
    ),
    (
        '{ organizations(first: 10, language: "fr") { nodes { name services(first: 1, '
        'after: "bm9wZQ==") { nodes { name } } } } }',
        {},
        "graphql-core",  # a cursor that does not decode: an error, graphql-core reports it
    ),
    (
        '{ organization(slug: "refugio") { name } missing: organization(slug: "no") { name } }',
        {},
        "compiled",
    ),
    (
        "{ organizations(first: 5) { nodes { phones { owner { __typename } } } } }",
        {},
        "graphql-core",
    ),
    ("{ __schema { queryType { name } } }", {}, "graphql-core"),
    ('{ organizations(first: 3, language: "xx") { nodes { name } } }', {}, "graphql-core"),
]

AUDIENCES: dict[str, Principal] = {
    "anonymous": Principal.anonymous("127.0.0.1"),
    "partner": Principal(kind=PrincipalKind.CLIENT, scopes=("directory:read",), client_id="p"),
    "confidential": Principal(
        kind=PrincipalKind.CLIENT, scopes=("directory:read:confidential",), client_id="c"
    ),
}


async def seed(db: Database) -> None:
    await plant(db)
    await listing(
        db,
        "casa",
        "Casa de Acogida",
        description="Refugio para personas migrantes",
        alternate_names=["CdA"],
        website="https://casa.example.org",
        translations={"en": {"name": "Shelter House", "description": "Shelter for migrants"}},
        service_areas=[{"code": "MX-CHP", "municipality": "Tapachula"}, {"code": "MX"}],
        services=[
            {
                "name": "Albergue",
                "categories": ["emergency-shelter"],
                "populations": ["migrants"],
                "languages": ["es", "en"],
                "hours": [{"days": ["MO", "TU"], "opens": "09:00", "closes": "17:00"}],
                "translations": {"en": {"name": "Shelter"}},
                "service_areas": [{"code": "MX-CHP"}],
                "phones": [{"number": "+52 962 555 0102", "visibility": "PARTNERS"}],
            },
            {"name": "Asesoría legal", "categories": ["legal-aid"], "open24x7": True},
        ],
        contacts=[
            {
                "name": "Mesa de atención",
                "phones": [{"number": "+52 962 555 0101", "extension": "12"}],
                "emails": [{"address": "mesa@casa.example.org"}],
            }
        ],
        locations=[{"name": "Sede", "latitude": 14.9, "longitude": -92.26, "city": "Tapachula"}],
        phones=[{"number": "800 55 33 000", "hotline": True}],
    )


def executions(executor: str) -> float:
    found = REGISTRY.get_sample_value("directory_graphql_executions_total", {"executor": executor})
    return found or 0.0


async def run(
    db: Database,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    principal: Principal = AUDIENCES["anonymous"],
    compiled: bool = True,
    executor: Executor | None = None,
) -> ExecutionResult:
    """One validated query through ``executor`` (a new one by default), in its own
    request context."""
    variables = variables or {}
    document = parse(query)
    assert not validate(SCHEMA, document)
    operation = get_operation_ast(document)
    assert operation is not None
    coerced = get_variable_values(SCHEMA, operation.variable_definitions or (), variables)
    assert isinstance(coerced, dict)
    context = RequestContext(db, principal)
    try:
        return await (executor or Executor(SCHEMA)).execute(
            document,
            operation,
            document_key=key_of(query),
            weight=len(query),
            raw_variables=variables,
            variables=coerced,
            operation_name=None,
            context=context,
            compiled=compiled,
        )
    finally:
        await context.close()


async def answer(
    db: Database, principal: Principal, query: str, variables: dict[str, Any], compiled: bool
) -> bytes:
    result = await run(db, query, variables, principal=principal, compiled=compiled)
    errors = [e.formatted for e in result.errors or ()]
    return orjson.dumps({"data": result.data, "errors": errors})


@pytest.mark.parametrize("audience", sorted(AUDIENCES))
async def test_compiled_answers_are_graphql_cores(db: Database, audience: str) -> None:
    await seed(db)
    principal = AUDIENCES[audience]
    for query, variables, executor in QUERIES:
        expected = await answer(db, principal, query, variables, compiled=False)
        before = executions(executor)
        found = await answer(db, principal, query, variables, compiled=True)
        assert found == expected, query
        assert executions(executor) == before + 1, (query, executor)
    # What the anonymous caller got holds none of the planted confidential values.
    if audience == "anonymous":
        text = await answer(db, principal, EVERYTHING, {}, compiled=True)
        assert b"CANARY" not in text and b"canary" not in text


async def test_a_null_where_the_schema_promises_a_value_is_graphql_cores_error(
    db: Database,
) -> None:
    """An answer with an error is left to graphql-core: same message, same path."""
    await seed(db)
    slug = SCHEMA.type_map["Organization"].fields["slug"]  # type: ignore[attr-defined]
    original = slug.resolve
    slug.resolve = lambda root, info: None
    query = "{ organizations(first: 5) { nodes { name slug } } }"
    try:
        plain = await run(db, query, compiled=False)
        compiled_result = await run(db, query, compiled=True)
    finally:
        slug.resolve = original
    assert compiled_result.data == plain.data
    assert [e.formatted for e in compiled_result.errors or ()] == [
        e.formatted for e in plain.errors or ()
    ]
    assert "Cannot return null for non-nullable field Organization.slug" in str(
        compiled_result.errors
    )


async def test_a_resolver_changing_its_arguments_does_not_change_the_shared_plan(
    db: Database,
) -> None:
    """Plans are shared by every request with the same document and variables: each call
    gets its own copy of input-object arguments, as graphql-core gives."""
    await seed(db)
    field = SCHEMA.query_type.fields["organizations"]  # type: ignore[union-attr]
    original = field.resolve

    async def emptying(root: Any, info: Any, **args: Any) -> Any:
        found = await original(root, info, **args)  # type: ignore[misc]
        args["filter"].clear()  # a careless resolver
        return found

    field.resolve = emptying
    query = "query($f: OrganizationFilter) { organizations(first: 5, filter: $f) { totalCount } }"
    variables = {"f": {"search": "Acogida"}}
    executor = Executor(SCHEMA)
    totals = []
    try:
        for _ in range(2):
            result = await run(db, query, variables, executor=executor)
            assert result.errors is None
            assert result.data is not None
            totals.append(result.data["organizations"]["totalCount"])
    finally:
        field.resolve = original
    assert totals == [1, 1]


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
async def test_awaitables_inside_a_list_are_left_to_graphql_core(db: Database) -> None:
    """graphql-core awaits each item of a list; the compiled executor declines instead of
    completing an unawaited coroutine as if it were the object (``Translation`` has no
    ``is_type_of`` to notice)."""
    await seed(db)
    field = SCHEMA.type_map["Organization"].fields["translations"]  # type: ignore[attr-defined]
    original = field.resolve

    async def later(value: dict[str, Any]) -> dict[str, Any]:
        return value

    field.resolve = lambda root, info: [later({"name": f"{root.slug}!"})]
    query = "{ organizations(first: 5) { nodes { slug translations { name } } } }"
    try:
        answers = []
        for compiled in (False, True):
            before = executions("graphql-core")
            result = await run(db, query, compiled=compiled)
            assert executions("graphql-core") == before + 1
            answers.append(orjson.dumps(result.data))
    finally:
        field.resolve = original
    assert answers[0] == answers[1]
    assert b'"translations":[{"name":"casa!"}]' in answers[1]


async def test_reads_after_the_request_are_refused(db: Database) -> None:
    """Work left over from a finished request cannot open a session nobody would close."""
    context = RequestContext(db, AUDIENCES["anonymous"])
    assert await context.read(lambda reader: reader.feed_position()) >= 0
    await context.close()
    with pytest.raises(RuntimeError, match="request is over"):
        await context.read(lambda reader: reader.feed_position())
