"""Query limits checked before a query runs: size, depth, worst-case node count and its cost.

The node count follows GitHub's rule and adds every selected field: each connection asks
for ``first``/``last`` items (20 when neither is given) for every item of the connections
above it; a plain list of objects counts as :data:`LIST_SIZE` item (:data:`ROOT_LIST_SIZE`
at the root, where the vocabularies are); ``nodes(ids:)`` asks for one node per ID; and
every selected field and alias — ``__typename`` and scalars included — counts once for
every object it is selected on. Introspection is counted the same way, with list sizes
taken from the served schema (``types`` has as many items as the schema has types,
``fields`` as many as a type has on average, …), and at most
:data:`MAX_INTROSPECTION` ``__schema``/``__type`` fields may be asked for. Depth does not
count introspection fields.

The walk is linear in the document's size: each fragment is measured once (per place
kind: root or not) and its numbers are scaled by the multiplier of every spread, so a
fragment spread twice by a fragment spread twice … costs nothing extra to measure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    parse,
    value_from_ast,
)

from schema.errors import bad_input, too_complex
from schema.pagination import DEFAULT_PAGE, check_size

MAX_DEPTH = 12
MAX_NODES = 10_000
MAX_TOKENS = 5_000
"""Tokens in a document; the parser stops reading at the first token past this."""
MAX_FRAGMENTS = 100
MAX_INTROSPECTION = 2
"""``__schema``/``__type`` fields in one operation (GraphiQL asks for one)."""
MAX_INTROSPECTION_NODES = 200_000
"""Estimated introspection values in one operation (GraphiQL's full query: ~80,000)."""
MAX_INTROSPECTION_LISTS = 3
"""Introspection lists nested in each other (``types { fields { args } }`` is three)."""
LIST_SIZE = 1
"""Items assumed for an object's own plain list (phones, emails, …): its fields count once,
as part of the object, as GitHub counts them; writes cap such lists at 20 items."""
ROOT_LIST_SIZE = 150
"""Items assumed for a root-level plain list (the largest, ``jurisdictions``, has ~105)."""
INTROSPECTION = frozenset({"__schema", "__type"})


@dataclass(frozen=True)
class Complexity:
    depth: int
    nodes: int
    introspection: int = 0
    introspection_nodes: int = 0

    @property
    def cost(self) -> int:
        """Budget points: one per hundred nodes, at least one (as GitHub counts)."""
        return max(1, round(self.nodes / 100))


def parse_document(source: str) -> DocumentNode:
    """Parse with the token cap: QUERY_TOO_COMPLEX past :data:`MAX_TOKENS` tokens,
    BAD_USER_INPUT for a document that does not parse."""
    try:
        return parse(source, no_location=False, max_tokens=MAX_TOKENS)
    except GraphQLError as err:
        if "tokens. Parsing aborted" in err.message:
            raise too_complex(
                f"the document has more than {MAX_TOKENS} tokens",
                maxTokenCount=MAX_TOKENS,
            ) from None
        raise bad_input(f"the document does not parse: {err.message}") from None
    except RecursionError:
        raise too_complex("the document is nested too deeply") from None


@dataclass
class _Count:
    """Numbers of a selection set measured with a multiplier of one."""

    depth: int = 0
    nodes: int = 0
    introspection: int = 0
    meta: int = 0
    """Values introspection can answer (counted apart: they do not cost budget)."""

    def add(self, other: _Count, scale: int, depth_offset: int = 0) -> None:
        self.depth = max(self.depth, other.depth + depth_offset)
        self.nodes += other.nodes * scale
        self.introspection += other.introspection * scale
        self.meta += other.meta * scale


@dataclass
class _IntrospectionSizes:
    """Items per introspection list, from the served schema."""

    sizes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, schema: GraphQLSchema) -> _IntrospectionSizes:
        types = list(schema.type_map.values())
        counts: dict[str, list[int]] = {
            "fields": [],
            "args": [],
            "interfaces": [],
            "inputFields": [],
            "enumValues": [],
            "possibleTypes": [],
        }
        for named in types:
            if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
                counts["fields"].append(len(named.fields))
                counts["args"].extend(len(f.args) for f in named.fields.values())
                counts["interfaces"].append(len(named.interfaces))
                if isinstance(named, GraphQLInterfaceType):
                    counts["possibleTypes"].append(len(schema.get_possible_types(named)))
            elif isinstance(named, GraphQLInputObjectType):
                counts["inputFields"].append(len(named.fields))
            elif isinstance(named, GraphQLEnumType):
                counts["enumValues"].append(len(named.values))
            elif isinstance(named, GraphQLUnionType):
                counts["possibleTypes"].append(len(named.types))
        sizes = {
            name: max(1, math.ceil(sum(found) / len(found))) if found else 1
            for name, found in counts.items()
        }
        sizes["types"] = len(types)
        sizes["directives"] = len(schema.directives)
        return cls(sizes)


_SIZES: dict[int, tuple[GraphQLSchema, _IntrospectionSizes]] = {}


def _introspection_sizes(schema: GraphQLSchema) -> _IntrospectionSizes:
    cached = _SIZES.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = (schema, _IntrospectionSizes.of(schema))
        _SIZES[id(schema)] = cached
    return cached[1]


def _argument(
    field_def: GraphQLField, node: FieldNode, name: str, variables: dict[str, Any]
) -> Any:
    arg_def = field_def.args.get(name)
    for argument in node.arguments or ():
        if argument.name.value == name and arg_def is not None:
            try:
                value = value_from_ast(argument.value, arg_def.type, variables)
            except (TypeError, ValueError):
                return None
            return None if value is Undefined else value
    return None


def _size_argument(field_def: GraphQLField, node: FieldNode, name: str, vars: Any) -> int | None:
    value = _argument(field_def, node, name, vars)
    if not isinstance(value, int) or isinstance(value, bool):
        return None  # not an Int: validation or variable coercion refuses it
    check_size(name, value)
    return value


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
        self.memo: dict[tuple[str, bool, bool, int, int], _Count] = {}
        self.visiting: set[tuple[str, bool, bool, int, int]] = set()
        self.sizes = _introspection_sizes(schema)

    def list_size(
        self, field_def: GraphQLField, node: FieldNode, root: bool, introspecting: bool
    ) -> int | None:
        """Items the field answers each time it is resolved (None: not a list)."""
        named = get_named_type(field_def.type)
        if introspecting:
            if _is_list(field_def):
                return self.sizes.sizes.get(node.name.value, LIST_SIZE)
            return None
        if _is_connection(named):
            first = _size_argument(field_def, node, "first", self.variables)
            last = _size_argument(field_def, node, "last", self.variables)
            return first or last or DEFAULT_PAGE
        if root and node.name.value == "nodes":
            ids = _argument(field_def, node, "ids", self.variables)
            return len(ids) if isinstance(ids, list) else 1
        if _is_list(field_def) and not is_leaf_type(named):
            return ROOT_LIST_SIZE if root else LIST_SIZE
        return None

    def field_def(self, parent: Any, name: str) -> GraphQLField | None:
        if name in INTROSPECTION:
            return _meta(name)
        fields = getattr(parent, "fields", None)
        try:
            return fields.get(name) if fields else None
        except AttributeError:
            return None

    def walk(
        self,
        selection_set: SelectionSetNode,
        parent: Any,
        root: bool,
        introspecting: bool,
        items: int = 1,
        lists: int = 0,
    ) -> _Count:
        """Numbers of a selection set for one object of type ``parent``.

        ``items``: when ``parent`` is a connection, how many items its ``edges`` and
        ``nodes`` hold (already counted as the connection's nodes).
        """
        found = _Count()
        in_connection = _is_connection(parent)
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                inner_introspecting = introspecting or name in INTROSPECTION
                if introspecting:
                    found.meta += 1
                else:
                    found.nodes += 1  # every selected field and alias
                if name == "__typename":
                    continue
                if name in INTROSPECTION:
                    found.introspection += 1
                field_def = self.field_def(parent, name)
                if field_def is None or selection.selection_set is None:
                    found.depth = max(found.depth, 0 if inner_introspecting else 1)
                    continue
                child_type = get_named_type(field_def.type)
                scale, child_items, child_lists = 1, 1, lists
                if in_connection and _is_list(field_def):
                    scale = items  # edges / nodes: the connection's items
                else:
                    size = self.list_size(field_def, selection, root, inner_introspecting)
                    if size is not None and inner_introspecting:
                        found.meta += size
                        scale, child_lists = size, lists + 1
                        if child_lists > MAX_INTROSPECTION_LISTS:
                            raise too_complex(
                                f"introspection lists may nest {MAX_INTROSPECTION_LISTS} deep",
                                maxIntrospectionListDepth=MAX_INTROSPECTION_LISTS,
                            )
                    elif size is not None:
                        found.nodes += size
                        if _is_connection(child_type):
                            child_items = size
                        else:
                            scale = size
                child = self.walk(
                    selection.selection_set,
                    child_type,
                    False,
                    inner_introspecting,
                    child_items,
                    child_lists,
                )
                found.add(child, scale, 0 if inner_introspecting else 1)
                found.depth = max(found.depth, 0 if inner_introspecting else 1)
            elif isinstance(selection, InlineFragmentNode):
                target = parent
                if selection.type_condition is not None:
                    target = self.schema.get_type(selection.type_condition.name.value) or parent
                found.add(
                    self.walk(selection.selection_set, target, root, introspecting, items, lists),
                    1,
                )
            elif isinstance(selection, FragmentSpreadNode):
                found.add(
                    self.fragment(selection.name.value, parent, root, introspecting, items, lists),
                    1,
                )
        return found

    def fragment(
        self, name: str, parent: Any, root: bool, introspecting: bool, items: int, lists: int
    ) -> _Count:
        key = (name, root, introspecting, items, lists)
        known = self.memo.get(key)
        if known is not None:
            return known
        fragment = self.fragments.get(name)
        if fragment is None or key in self.visiting:
            return _Count()  # unknown or cyclic: validation refuses the document
        self.visiting.add(key)
        target: GraphQLNamedType | Any = (
            self.schema.get_type(fragment.type_condition.name.value) or parent
        )
        counted = self.walk(fragment.selection_set, target, root, introspecting, items, lists)
        self.visiting.discard(key)
        self.memo[key] = counted
        return counted


def _is_list(field_def: GraphQLField) -> bool:
    found: Any = field_def.type
    return isinstance(get_nullable_type(found), GraphQLList)


def _is_connection(named: Any) -> bool:
    return str(getattr(named, "name", "")).endswith("Connection")


def _meta(name: str) -> GraphQLField:
    from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

    return SchemaMetaFieldDef if name == "__schema" else TypeMetaFieldDef


def check_document(document: DocumentNode) -> None:
    """QUERY_TOO_COMPLEX for a document with too many fragments (before validation)."""
    fragments = sum(isinstance(d, FragmentDefinitionNode) for d in document.definitions)
    if fragments > MAX_FRAGMENTS:
        raise too_complex(
            f"the document defines {fragments} fragments; at most {MAX_FRAGMENTS} are allowed",
            fragmentCount=fragments,
            maxFragmentCount=MAX_FRAGMENTS,
        )


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any],
) -> Complexity:
    """Depth and worst-case node count of an operation, in time linear in the document.

    Works on documents not yet validated too (unknown fields and fragments count as
    leaves, fragment cycles stop). Raises BAD_USER_INPUT for a ``first``/``last`` outside
    1..100.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root_type = schema.get_root_type(operation.operation)
    counted = _Walker(schema, fragments, variables).walk(
        operation.selection_set, root_type, True, False
    )
    return Complexity(counted.depth, counted.nodes, counted.introspection, counted.meta)


def check(found: Complexity) -> None:
    """QUERY_TOO_COMPLEX when the query is too deep, too large or introspects too much."""
    if found.depth > MAX_DEPTH:
        raise too_complex(
            f"the query is {found.depth} levels deep; at most {MAX_DEPTH} are allowed",
            depth=found.depth,
            maxDepth=MAX_DEPTH,
        )
    if found.introspection > MAX_INTROSPECTION:
        raise too_complex(
            f"the query asks for {found.introspection} introspection fields (__schema, "
            f"__type); at most {MAX_INTROSPECTION} are allowed",
            introspectionCount=found.introspection,
            maxIntrospectionCount=MAX_INTROSPECTION,
        )
    if found.introspection_nodes > MAX_INTROSPECTION_NODES:
        raise too_complex(
            f"the query may return {found.introspection_nodes} introspection values; at most "
            f"{MAX_INTROSPECTION_NODES} are allowed (ask for the schema once)",
            introspectionNodeCount=found.introspection_nodes,
            maxIntrospectionNodeCount=MAX_INTROSPECTION_NODES,
        )
    if found.nodes > MAX_NODES:
        raise too_complex(
            f"the query may return {found.nodes} nodes; at most {MAX_NODES} are allowed "
            "(connection and list sizes multiply down the tree, and every selected field "
            "and alias counts)",
            nodeCount=found.nodes,
            maxNodeCount=MAX_NODES,
        )
