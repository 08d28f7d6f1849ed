"""Read-only records: a listing row as a named tuple, for reads that only look at it.

Building an ORM entity costs SQLAlchemy an instance state, an identity-map entry and
instrumented attributes. A :func:`record_class` holds the same attributes under the same
names (every mapped column), is made straight from a result row, and says which model it
stands for (``model``), so code that reads ``row.name`` or ``row.organization_id`` works on
either, and a type check asks :func:`is_row_of`. Records cannot be changed or written back:
writes load entities.

JSON columns (categories, languages, opening hours…) arrive as their text and are decoded
when read: decoding every one of them for every row was the largest single cost of reading
services, and most queries look at one or two of them.
"""

from __future__ import annotations

from collections import namedtuple
from functools import cache
from typing import Any

from sqlalchemy import JSON, Text, cast, inspect

from directory.db import json_loads


def _json_property(index: int, name: str) -> property:
    def decoded(self: tuple[Any, ...]) -> Any:
        raw = self[index]
        return None if raw is None else json_loads(raw)

    decoded.__name__ = name
    return property(decoded, doc=f"``{name}``, decoded from its JSON text when read.")


@cache
def record_class(model: type) -> Any:
    """The record type of ``model``: a named tuple of its mapped columns, in mapper order.

    ``columns`` is what to select for it (the table's columns, JSON ones as text; use it in
    place of the model or its table in a select), ``model`` the model."""
    attributes: list[Any] = list(inspect(model).column_attrs)
    names: list[str] = []
    columns: list[Any] = []
    lazy: dict[str, property] = {}
    for index, attribute in enumerate(attributes):
        column = attribute.columns[0]  # the table's column: selects stay plain Core
        if isinstance(column.type, JSON):
            names.append(f"{attribute.key}_json")
            columns.append(cast(column, Text))
            lazy[attribute.key] = _json_property(index, attribute.key)
        else:
            names.append(attribute.key)
            columns.append(column)
    base = namedtuple(f"{model.__name__}Record", names)  # type: ignore[misc]  # noqa: PYI024
    return type(
        base.__name__,
        (base,),
        {"__slots__": (), "model": model, "columns": tuple(columns), **lazy},
    )


def is_row_of(value: Any, model: type) -> bool:
    """Whether ``value`` is an entity or a record of ``model``."""
    return isinstance(value, model) or getattr(type(value), "model", None) is model
