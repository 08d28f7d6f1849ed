"""Executing queries: a compiled executor for what it covers, graphql-core for the rest.

:class:`Executor` plans each validated query once (:mod:`schema.execution.plan`) and runs
the plan breadth-first (:mod:`schema.execution.run`); a query the plan does not cover
(introspection, interfaces and unions, mutations) and every answer with an error go to
graphql-core's ``execute``, so errors, their paths and partial data are exactly graphql-core's.
``DIRECTORY_COMPILED_EXECUTOR=off`` turns the compiled path off.
"""

from __future__ import annotations

import hashlib
from inspect import isawaitable
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLSchema,
    OperationDefinitionNode,
    execute,
)

from directory import api_metrics as metrics
from schema.execution.plan import FieldPlan, plan_query
from schema.execution.run import run_plan
from schema.query_cache import ByteBoundedCache

PLAN_CACHE_BYTES = 4_000_000
"""Plans the executor keeps, weighed by the size of the document each was made from."""
NOT_COVERED: list[FieldPlan] = []


class Executor:
    """Runs validated operations over ``schema``, keeping the plans it made."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.plans: ByteBoundedCache[list[FieldPlan]] = ByteBoundedCache(
            PLAN_CACHE_BYTES, PLAN_CACHE_BYTES // 40
        )

    def plan(
        self,
        document_key: bytes,
        weight: int,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
    ) -> list[FieldPlan] | None:
        """The plan of this operation with these (coerced) variables; None: not covered."""
        name = operation.name.value if operation.name else ""
        try:
            shown = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS, default=repr)
        except TypeError:
            return plan_query(self.schema, document, operation, variables)
        key = hashlib.sha256(document_key + name.encode() + b"\0" + shown).digest()
        found = self.plans.get(key)
        if found is None:
            found = plan_query(self.schema, document, operation, variables) or NOT_COVERED
            self.plans.put(key, weight + len(shown), found)
        return found if found is not NOT_COVERED else None

    async def execute(
        self,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        *,
        document_key: bytes,
        weight: int,
        raw_variables: dict[str, Any],
        variables: dict[str, Any],
        operation_name: str | None,
        context: Any,
        compiled: bool = True,
    ) -> ExecutionResult:
        """The result of ``operation`` (``variables`` coerced, ``raw_variables`` as sent);
        graphql-core's alone unless ``compiled``."""
        if compiled:
            fields = self.plan(document_key, weight, document, operation, variables)
            if fields is not None:
                try:
                    data = await run_plan(
                        fields, self.schema, document, operation, variables, context
                    )
                except Exception:  # an answer with an error: graphql-core reports it
                    pass
                else:
                    metrics.GRAPHQL_EXECUTIONS.labels("compiled").inc()
                    return ExecutionResult(data, None)
        metrics.GRAPHQL_EXECUTIONS.labels("graphql-core").inc()
        result = execute(
            self.schema,
            document,
            context_value=context,
            variable_values=raw_variables,
            operation_name=operation_name,
        )
        if isawaitable(result):
            result = await result
        assert isinstance(result, ExecutionResult)
        return result
