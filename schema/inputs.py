"""Checks of a request's text before it runs: NUL characters and absurd literals.

PostgreSQL cannot store a NUL and SQLite would keep one, so no string holding one gets
past the door (``BAD_USER_INPUT``). An integer literal longer than any number the schema
takes is refused before Python has to convert it (over 4,300 digits it cannot).
"""

from __future__ import annotations

import re
from typing import Any

from graphql import DocumentNode, FloatValueNode, IntValueNode, StringValueNode, Visitor, visit

from schema.errors import bad_input

MAX_NUMBER_DIGITS = 50
MAX_NESTING = 64


def nul_in(value: Any, depth: int = 0) -> bool:
    """Whether a string anywhere in a JSON value holds a NUL (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if depth > MAX_NESTING:
        return False  # deeper than any input type: coercion refuses it
    if isinstance(value, dict):
        return any(nul_in(k, depth + 1) or nul_in(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(nul_in(v, depth + 1) for v in value)
    return False


class _Literals(Visitor):
    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if "\x00" in node.value:
            raise bad_input("a string in the document holds a NUL character")

    def enter_int_value(self, node: IntValueNode, *_: Any) -> None:
        if len(node.value) > MAX_NUMBER_DIGITS:
            raise bad_input(
                f"an integer literal has {len(node.value)} digits; "
                f"at most {MAX_NUMBER_DIGITS} are accepted"
            )

    def enter_float_value(self, node: FloatValueNode, *_: Any) -> None:
        if len(node.value) > MAX_NUMBER_DIGITS * 2:
            raise bad_input(f"a number literal has {len(node.value)} characters")


_LONGEST_RUN = -(-(MAX_NUMBER_DIGITS * 2 + 1 - 4) // 3)
"""Every float literal over its limit (more than ``2 × MAX_NUMBER_DIGITS`` characters)
holds a run of at least this many digits: it has at most four other characters
(``-1.5e-3``) and three runs of digits."""
_SUSPECT = re.compile(rf"\x00|\\u|\d{{{_LONGEST_RUN},}}")
"""What a document's text holds wherever one of its literals breaks a rule: a NUL, an
escape (``\\u0000``), or a run of :data:`_LONGEST_RUN` digits (an integer over its limit
is longer still)."""


def check_document_literals(document: DocumentNode, source: str | None = None) -> None:
    """BAD_USER_INPUT for a NUL in a string literal or an over-long number literal; with
    the ``source`` text the document was parsed from, only a text that could hold one is
    walked."""
    if source is not None and _SUSPECT.search(source) is None:
        return
    visit(document, _Literals())
