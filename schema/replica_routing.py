"""Which GraphQL operations must read the primary database rather than a read replica.

One request reads one database, so that everything in its answer is consistent (a change
event and the organization it embeds). Mutations read the primary: their payload shows
what they wrote. So does a query that reads the change feed (``changes``): a partner that
syncs must not see a feed that lags the listings it just wrote or was told about. Every
other query may read the replica (``DIRECTORY_READ_DATABASE_URL``).
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)

FRESH_ROOT_FIELDS = frozenset({"changes"})


def needs_primary(document: DocumentNode, operation: OperationDefinitionNode) -> bool:
    """Whether ``operation`` is a mutation, or a query selecting a fresh root field."""
    if operation.operation is not OperationType.QUERY:
        return True
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }

    def selects_fresh(selection_set: SelectionSetNode, seen: frozenset[str]) -> bool:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value in FRESH_ROOT_FIELDS:
                    return True
            elif isinstance(selection, InlineFragmentNode):
                if selects_fresh(selection.selection_set, seen):
                    return True
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if (
                    fragment
                    and name not in seen
                    and selects_fresh(fragment.selection_set, seen | {name})
                ):
                    return True
        return False

    return selects_fresh(operation.selection_set, frozenset())
