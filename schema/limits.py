"""Query limits checked before a query runs: depth, worst-case node count and its cost.

The node count follows GitHub's rule: each connection asks for ``first``/``last`` items
(20 when neither is given) for every item of the connections above it, and the counts of
all connections are added up. ``nodes(ids:)`` asks for one node per ID. Introspection
(``__schema``, ``__type``) is neither counted nor limited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    value_from_ast,
)

from schema.errors import too_complex
from schema.pagination import DEFAULT_PAGE, check_size

MAX_DEPTH = 12
MAX_NODES = 10_000
INTROSPECTION = frozenset({"__schema", "__type"})


@dataclass(frozen=True)
class Complexity:
    depth: int
    nodes: int

    @property
    def cost(self) -> int:
        """Budget points: one per hundred nodes, at least one (as GitHub counts)."""
        return max(1, round(self.nodes / 100))


def _argument(
    field_def: GraphQLField, node: FieldNode, name: str, variables: dict[str, Any]
) -> Any:
    arg_def = field_def.args.get(name)
    for argument in node.arguments or ():
        if argument.name.value == name and arg_def is not None:
            value = value_from_ast(argument.value, arg_def.type, variables)
            return None if value is Undefined else value
    return None


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def size(self, field_def: GraphQLField, node: FieldNode, root: bool) -> int | None:
        named = get_named_type(field_def.type)
        if named.name.endswith("Connection"):
            first = _argument(field_def, node, "first", self.variables)
            last = _argument(field_def, node, "last", self.variables)
            check_size("first", first)
            check_size("last", last)
            return first or last or DEFAULT_PAGE
        if root and node.name.value == "nodes":
            ids = _argument(field_def, node, "ids", self.variables)
            return len(ids or [])
        return None

    def walk(
        self, selection_set: SelectionSetNode, parent: Any, depth: int, multiplier: int, root: bool
    ) -> tuple[int, int]:
        deepest, nodes = depth, 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name in INTROSPECTION or name == "__typename":
                    continue
                fields = getattr(parent, "fields", None)
                field_def = fields.get(name) if fields else None
                if field_def is None:
                    continue
                size = self.size(field_def, selection, root)
                inner = multiplier
                if size is not None:
                    nodes += multiplier * size
                    inner = multiplier * size
                child_depth = depth + 1
                if selection.selection_set is not None:
                    d, n = self.walk(
                        selection.selection_set,
                        get_named_type(field_def.type),
                        child_depth,
                        inner,
                        False,
                    )
                    child_depth, nodes = max(child_depth, d), nodes + n
                deepest = max(deepest, child_depth)
            elif isinstance(selection, InlineFragmentNode):
                target = parent
                if selection.type_condition is not None:
                    target = self.schema.get_type(selection.type_condition.name.value) or parent
                d, n = self.walk(selection.selection_set, target, depth, multiplier, root)
                deepest, nodes = max(deepest, d), nodes + n
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value) or parent
                d, n = self.walk(fragment.selection_set, target, depth, multiplier, root)
                deepest, nodes = max(deepest, d), nodes + n
        return deepest, nodes


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any],
) -> Complexity:
    """Depth and worst-case node count of a validated operation (coerced variables).

    Raises BAD_USER_INPUT for a ``first``/``last`` outside 1..100.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root_type = schema.get_root_type(operation.operation)
    depth, nodes = _Walker(schema, fragments, variables).walk(
        operation.selection_set, root_type, 0, 1, True
    )
    return Complexity(depth, nodes)


def check(found: Complexity) -> None:
    """QUERY_TOO_COMPLEX when the query is too deep or asks for too many nodes."""
    if found.depth > MAX_DEPTH:
        raise too_complex(
            f"the query is {found.depth} levels deep; at most {MAX_DEPTH} are allowed",
            depth=found.depth,
            maxDepth=MAX_DEPTH,
        )
    if found.nodes > MAX_NODES:
        raise too_complex(
            f"the query may return {found.nodes} nodes; at most {MAX_NODES} are allowed "
            "(connection sizes multiply down the tree)",
            nodeCount=found.nodes,
            maxNodeCount=MAX_NODES,
        )
