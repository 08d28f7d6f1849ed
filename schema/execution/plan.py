"""A validated query, planned once: for every response key, the field, its resolver, its
coerced arguments and how to complete what the resolver returns.

A plan is what graphql-core works out again for every field of every object it completes
(field definition, argument values, ``collect_fields`` over fragments and ``@skip`` /
``@include``, the shape of the type). It depends only on the schema, the document, the
operation and the variables, so one plan serves every object a field is asked of.

:func:`plan_query` returns ``None`` for what the compiled executor does not cover, and the
caller runs graphql-core instead: anything but a query, introspection (``__schema``,
``__type``), and fields of an interface or union type (whose object type is chosen per
value). Arguments that do not coerce also answer ``None``: graphql-core reports them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from graphene.types.resolver import dict_or_attr_resolver
from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLString,
    OperationDefinitionNode,
    OperationType,
    is_leaf_type,
    is_object_type,
)
from graphql.execution.collect_fields import collect_fields, collect_sub_fields
from graphql.execution.execute import default_field_resolver
from graphql.execution.values import get_argument_values
from graphql.language import DocumentNode, FragmentDefinitionNode

TYPENAME = "__typename"


class NotCovered(Exception):
    """The document asks for something the compiled executor leaves to graphql-core."""


@dataclass(slots=True)
class Shape:
    """How a resolved value completes: list and non-null wrappers, then a leaf or object."""

    non_null: bool
    item: Shape | None
    """The item shape when this is a list, else None."""
    leaf: GraphQLLeafType | None = None
    object_type: GraphQLObjectType | None = None
    fields: list[FieldPlan] = field(default_factory=list)
    """The selected fields of ``object_type``."""


@dataclass(slots=True)
class FieldPlan:
    """One response key of an object type, planned."""

    key: str
    name: str
    parent: GraphQLObjectType
    nodes: list[FieldNode]
    return_type: GraphQLOutputType
    resolve: Any
    """The resolver, called as graphql-core does: ``resolve(source, info, **args)``."""
    args: dict[str, Any]
    shape: Shape
    attribute: str | None = None
    """For graphene's default resolver: the attribute (or dict key) read directly."""
    default: Any = None


def plan_query(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any],
) -> list[FieldPlan] | None:
    """The root fields of a validated query, planned; ``None`` when not covered."""
    if operation.operation is not OperationType.QUERY or schema.query_type is None:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    planner = _Planner(schema, fragments, variables)
    try:
        root = collect_fields(
            schema, fragments, variables, schema.query_type, operation.selection_set
        )
        return planner.fields(schema.query_type, root)
    except (NotCovered, GraphQLError):
        return None


class _Planner:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def fields(
        self, parent: GraphQLObjectType, selected: dict[str, list[FieldNode]]
    ) -> list[FieldPlan]:
        return [self.field(parent, key, nodes) for key, nodes in selected.items()]

    def field(self, parent: GraphQLObjectType, key: str, nodes: list[FieldNode]) -> FieldPlan:
        name = nodes[0].name.value
        if name == TYPENAME:
            return FieldPlan(
                key, name, parent, nodes, GraphQLString, None, {}, Shape(True, None, GraphQLString)
            )
        if name.startswith("__"):
            raise NotCovered(name)  # __schema, __type
        definition = parent.fields.get(name)
        if definition is None:
            raise NotCovered(name)
        args = get_argument_values(definition, nodes[0], self.variables)
        resolve = definition.resolve or default_field_resolver
        plan = FieldPlan(
            key,
            name,
            parent,
            nodes,
            definition.type,
            resolve,
            args,
            self.shape(definition.type, nodes),
        )
        if (
            isinstance(resolve, functools.partial)
            and resolve.func is dict_or_attr_resolver
            and len(resolve.args) == 2
            and not resolve.keywords
        ):
            plan.attribute, plan.default = resolve.args
        return plan

    def shape(self, type_: GraphQLOutputType, nodes: list[FieldNode]) -> Shape:
        non_null = isinstance(type_, GraphQLNonNull)
        inner: Any = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if isinstance(inner, GraphQLList):
            return Shape(non_null, self.shape(inner.of_type, nodes))
        if is_leaf_type(inner):
            return Shape(non_null, None, leaf=inner)
        if is_object_type(inner):
            selected = collect_sub_fields(self.schema, self.fragments, self.variables, inner, nodes)
            return Shape(non_null, None, object_type=inner, fields=self.fields(inner, selected))
        raise NotCovered(str(inner))  # an interface or union: the type is chosen per value
