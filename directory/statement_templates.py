"""Statements built once per form and run with their varying values as parameters.

Building a select and computing its SQLAlchemy cache key (a walk over every column and
condition, to find its compiled form) cost more than running it on a small page: a third
of a 10-organization GraphQL query's CPU. A *template* is a statement whose values that
change from request to request (an id list, a page's offset and size) are parameters
without a value, given at each execution; the same statement object is reused, and its
cache key is computed once.

A template's key must name everything the statement was built from besides those
parameters — above all the caller's audience, since the visibility rule is written into
the statement.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import Select

SIZE = 2048
"""Templates kept, least recently used first out: one per form and audience — a page's
child reads take about eight per audience, the list's pages one or two more (up to
sixteen), and every organization's staff are an audience of their own."""

_TEMPLATES: OrderedDict[Hashable, Select[Any]] = OrderedDict()


def template(key: Hashable, build: Callable[[], Select[Any]]) -> Select[Any]:
    """The statement built by ``build()`` for ``key``, built at its first use."""
    found = _TEMPLATES.get(key)
    if found is None:
        found = build()
        _TEMPLATES[key] = found
        if len(_TEMPLATES) > SIZE:
            _TEMPLATES.popitem(last=False)
    else:
        _TEMPLATES.move_to_end(key)
    return found
