"""Run a planned query breadth-first: each field is resolved for every object of a level at
once, awaitables of a level are gathered together, and each level's values are completed in
one loop per field.

graphql-core walks the answer depth-first and pays, for every field of every object, a field
lookup, an info object, argument coercion, type dispatch and an awaitable check (the
``complete_value`` family): several microseconds a field, thousands of fields a page. Here
the plan (:mod:`schema.execution.plan`) did the lookups once, one info serves a field for
every object, and a level's loader calls are batched as graphql-core's would be.

The answer is the same as graphql-core's or there is none: the runner covers answers
without errors only. A resolver that raises, a null where the schema promises a value, a
value that does not serialize, or an object its type does not accept raises
:class:`Declined`, and the caller runs the query again with graphql-core, which reports
the error with its path exactly as before. Queries do not write, so running one twice
changes nothing; the rows already loaded stay in the request's loaders.

One info serves a field for all objects, so ``info.path`` names the field's response keys
from the root without list indexes; resolvers only read its root key (the root field's
``language`` argument, see :mod:`schema.localize`).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLResolveInfo,
    GraphQLSchema,
    OperationDefinitionNode,
    Undefined,
)
from graphql.language import FragmentDefinitionNode
from graphql.pyutils import Path, is_awaitable

from schema.execution.plan import TYPENAME, FieldPlan, Shape

_PLAIN = frozenset({str, int, float, bool, type(None), list, dict, tuple})
"""Types a resolver returns that are certainly not awaitable (checked before ``__await__``)."""


class Declined(Exception):
    """This answer holds an error: graphql-core must compute it."""


async def run_plan(
    fields: list[FieldPlan],
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any],
    context: Any,
    root: Any = None,
) -> dict[str, Any]:
    """The ``data`` of the query; raises :class:`Declined` for an answer with errors."""
    runner = _Runner(schema, document, operation, variables, context, root)
    data: dict[str, Any] = {}
    await runner.level(fields, [root], [data], None)
    return data


class _Runner:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any],
        context: Any,
        root: Any,
    ) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.operation = operation
        self.variables = variables
        self.context = context
        self.root = root

    def info(self, plan: FieldPlan, path: Path) -> GraphQLResolveInfo:
        return GraphQLResolveInfo(
            plan.name,
            plan.nodes,
            plan.return_type,
            plan.parent,
            path,
            self.schema,
            self.fragments,
            self.root,
            self.operation,
            self.variables,
            self.context,
            is_awaitable,
        )

    async def level(
        self,
        fields: list[FieldPlan],
        sources: list[Any],
        outs: list[dict[str, Any]],
        parent: Path | None,
    ) -> None:
        """Resolve and complete ``fields`` of every source into its out dict, then the
        levels below."""
        resolved: list[tuple[FieldPlan, GraphQLResolveInfo, Path, list[Any]]] = []
        waiting: list[tuple[list[Any], int, Any]] = []
        for plan in fields:
            path = Path(parent, plan.key, plan.parent.name)
            info = self.info(plan, path)
            values = _resolve(plan, info, sources)
            for index, value in enumerate(values):
                if _awaitable(value):
                    waiting.append((values, index, value))
            resolved.append((plan, info, path, values))
        if waiting:
            done = await _settled([w[2] for w in waiting])
            for (values, index, _), value in zip(waiting, done, strict=True):
                values[index] = value
        below: list[tuple[list[FieldPlan], list[Any], list[dict[str, Any]], Path]] = []
        for plan, info, path, values in resolved:
            key, shape = plan.key, plan.shape
            if shape.leaf is not None:
                serialize, non_null = shape.leaf.serialize, shape.non_null
                for out, value in zip(outs, values, strict=True):
                    out[key] = _leaf(serialize, non_null, value)
                continue
            objects: list[Any] = []
            answers: list[dict[str, Any]] = []
            for out, value in zip(outs, values, strict=True):
                out[key] = _complete(shape, value, info, objects, answers)
            inner = _object_shape(shape)
            if objects and inner.fields:
                below.append((inner.fields, objects, answers, path))
        if len(below) == 1:
            await self.level(*below[0])
        elif below:
            await _settled([self.level(*work) for work in below])


async def _settled(awaitables: list[Any]) -> list[Any]:
    """Await all of them; if any failed, raise its error only once every one has finished,
    so that nothing of a declined run goes on beside graphql-core's run of the query, or
    after the request. (Cancelling would cancel the loaders' own futures, which the rerun
    reads.)"""
    if len(awaitables) == 1:  # nothing beside it to wait for (and no task to make)
        return [await awaitables[0]]
    results = await asyncio.gather(*awaitables, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def _resolve(plan: FieldPlan, info: GraphQLResolveInfo, sources: list[Any]) -> list[Any]:
    if plan.name == TYPENAME:
        return [plan.parent.name] * len(sources)
    name = plan.attribute
    if name is not None:
        default = plan.default
        return [
            s.get(name, default) if isinstance(s, dict) else getattr(s, name, default)
            for s in sources
        ]
    resolve, args = plan.resolve, plan.args
    if not args:
        return [resolve(s, info) for s in sources]
    if any(isinstance(v, dict | list) for v in args.values()):
        # Input objects and lists: each call gets its own copy, as from graphql-core, so a
        # resolver that changes its arguments cannot change the plan other requests share.
        return [resolve(s, info, **copy.deepcopy(args)) for s in sources]
    return [resolve(s, info, **args) for s in sources]


def _leaf(serialize: Any, non_null: bool, value: Any) -> Any:
    if value is None or value is Undefined:
        if non_null:
            raise Declined("null for a non-null field")
        return None
    if isinstance(value, Exception):
        raise Declined("a resolver returned an error")
    serialized = serialize(value)
    if serialized is None or serialized is Undefined:
        raise Declined("a value that does not serialize")
    return serialized


def _complete(
    shape: Shape,
    value: Any,
    info: GraphQLResolveInfo,
    objects: list[Any],
    answers: list[dict[str, Any]],
) -> Any:
    """``value`` completed as graphql-core would, objects left as empty dicts to fill (each
    appended with its source to ``objects`` / ``answers``)."""
    if value is None or value is Undefined:
        if shape.non_null:
            raise Declined("null for a non-null field")
        return None
    if isinstance(value, Exception):
        raise Declined("a resolver returned an error")
    item = shape.item
    if item is not None:
        if not isinstance(value, list | tuple):
            if not isinstance(value, Iterable) or isinstance(value, str | bytes | Mapping):
                raise Declined("not a list")
            value = list(value)
        pending = [v for v in value if _awaitable(v)]
        if pending:  # graphql-core awaits list items: leave this answer to it
            for v in pending:
                _close(v)
            raise Declined("an awaitable in a list")
        if item.leaf is not None:
            serialize, non_null = item.leaf.serialize, item.non_null
            return [_leaf(serialize, non_null, v) for v in value]
        if item.item is None:
            return _objects(item, value, info, objects, answers)
        return [_complete(item, v, info, objects, answers) for v in value]
    if shape.leaf is not None:
        return _leaf(shape.leaf.serialize, shape.non_null, value)
    return _objects(shape, (value,), info, objects, answers)[0]


def _objects(
    shape: Shape,
    values: Any,
    info: GraphQLResolveInfo,
    objects: list[Any],
    answers: list[dict[str, Any]],
) -> list[dict[str, Any] | None]:
    """Objects of one type (a list of them is the common case of ``_complete``), each
    checked by the type's ``is_type_of`` as graphql-core does; an awaitable verdict, which
    graphql-core would wait for, is left to it."""
    object_type = shape.object_type
    assert object_type is not None
    is_type_of, non_null = object_type.is_type_of, shape.non_null
    # A predicate marked ``decided_by_type`` answers the same for every value of a class.
    by_type = getattr(is_type_of, "decided_by_type", False)
    accepted_types: set[type] = set()
    completed: list[dict[str, Any] | None] = []
    for value in values:
        if value is None or value is Undefined:
            if non_null:
                raise Declined("null for a non-null item")
            completed.append(None)
            continue
        if is_type_of is not None and type(value) not in accepted_types:
            accepted = is_type_of(value, info)
            if accepted is not True and (is_awaitable(accepted) or not accepted):
                _close(accepted)
                raise Declined(f"not a {object_type.name}")
            if by_type:
                accepted_types.add(type(value))
        elif isinstance(value, Exception):
            raise Declined("a resolver returned an error")
        answer: dict[str, Any] = {}
        objects.append(value)
        answers.append(answer)
        completed.append(answer)
    return completed


def _awaitable(value: Any) -> bool:
    """Whether a resolved value must be awaited (the common plain types are not asked)."""
    return type(value) not in _PLAIN and hasattr(value, "__await__")


def _close(value: Any) -> None:
    """Close a coroutine that will not be awaited (no "never awaited" warning)."""
    close = getattr(value, "close", None) if is_awaitable(value) else None
    if close is not None:
        close()


def _object_shape(shape: Shape) -> Shape:
    while shape.item is not None:
        shape = shape.item
    return shape
