"""A small form layer: HTML fields ↔ a domain spec, and the domain's problems ↔ fields.

A :class:`Form` lists its :class:`Field`s. ``values_of`` keeps every posted value exactly
as typed (so a refused form comes back whole), ``spec_of`` turns them into the plain spec
the domain function takes, and :func:`bind_problems` puts each domain ``Problem`` next to
the field whose path it names (the rest go to the top). The workspace's organization form
uses it; phase 2 adds services, contacts, locations, phones and emails the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from directory.validation import Problem


@dataclass(frozen=True)
class Field:
    name: str
    """The HTML name and id (``name``, ``translations-es-name``)."""
    label: str
    """English message id; translated when rendered."""
    path: tuple[str, ...]
    """Where the domain reports problems about it, e.g. ``("translations", "es", "name")``."""
    kind: str = "text"
    """``text``, ``url``, ``textarea``, ``lines`` (one item a line), ``select``, ``radio``
    (one of ``choices``), ``checkboxes`` (any of ``choices``; the value holds one a line),
    ``time`` (HH:MM) or ``decimal``."""
    choices: Sequence[tuple[str, Any]] = ()
    """``(value, label)``: a message id, or a label by language (``{"en": …, "es": …}``)."""
    choice_hints: Mapping[str, str] = field(default_factory=dict)
    """A plain-words explanation under some choices (message ids)."""
    hint: str | None = None
    required: bool = False
    group: str | None = None
    label_args: Mapping[str, str] = field(default_factory=dict)
    """``%(name)s`` values of the label, themselves message ids (``{"day": "Monday"}``)."""


@dataclass
class Bound:
    """A form with values and the problems found with them."""

    fields: Sequence[Field]
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.general

    def summary(self) -> list[tuple[Field, str]]:
        """Every field's problem in page order, for the error summary at the top."""
        return [(f, message) for f in self.fields for message in self.errors.get(f.name, [])]

    def groups(self) -> list[tuple[str | None, list[Field]]]:
        found: list[tuple[str | None, list[Field]]] = []
        for f in self.fields:
            if found and found[-1][0] == f.group:
                found[-1][1].append(f)
            else:
                found.append((f.group, [f]))
        return found


def values_of(fields: Sequence[Field], form: Mapping[str, Any]) -> dict[str, str]:
    """The posted value of each field, as typed (unknown names are ignored)."""
    found = {}
    for f in fields:
        getlist = getattr(form, "getlist", None)
        if f.kind == "checkboxes" and getlist is not None:
            found[f.name] = "\n".join(v for v in getlist(f.name) if isinstance(v, str))
            continue
        value = form.get(f.name)
        found[f.name] = value if isinstance(value, str) else ""
    return found


def picked(value: str) -> list[str]:
    """The choices ticked in a ``checkboxes`` field (its value holds one a line)."""
    return lines(value)


def codes(value: str) -> list[str]:
    """Codes typed separated by commas or spaces (``es, en``)."""
    return [part for part in value.replace(",", " ").split() if part]


def yes_no_unknown(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def from_yes_no_unknown(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def number_or_text(value: str) -> float | str | None:
    """A typed decimal as a number; anything else as typed, for the domain to refuse."""
    value = value.strip()
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        return value


def changed(spec: Mapping[str, Any], before: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of ``spec`` that differ from ``before`` (for partial updates)."""
    return {name: value for name, value in spec.items() if before.get(name) != value}


def text_or_none(value: str) -> str | None:
    value = value.strip()
    return value or None


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def bind_problems(
    bound: Bound, problems: Sequence[Problem], translate: Callable[[str], str]
) -> Bound:
    """File each problem under the field with the longest matching path."""
    by_path = sorted(bound.fields, key=lambda f: len(f.path), reverse=True)
    for problem in problems:
        target = next(
            (f for f in by_path if tuple(problem.field[: len(f.path)]) == f.path and f.path),
            None,
        )
        message = translate_problem(problem.message, translate)
        if target is None:
            bound.general.append(message)
        else:
            bound.errors.setdefault(target.name, []).append(message)
    return bound


def translate_problem(message: str, translate: Callable[[str], str]) -> str:
    """The domain's message in the visitor's language when the catalogue has it."""
    return translate(message)
