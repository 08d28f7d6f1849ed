"""Rows of listing parts built from specs, and replacing a set of rows with a new one."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from directory.listings.change import ListingChange
from directory.listings.create import add_in_dependency_order, snapshot
from directory.listings.spec import (
    items_of,
    parse_area,
    parse_email,
    parse_phone,
    parse_translations,
    translations_by_language,
)
from directory.listings.specs import AreaSpec, EmailSpec, PhoneSpec, SpecBase
from directory.models import Email, Phone, ServiceArea
from directory.models.base import Base
from directory.validation import Checker, Path


def phone_rows(
    checker: Checker,
    value: Any,
    path: Path,
    organization_id: uuid.UUID,
    country: str | None,
    **links: uuid.UUID,
) -> list[Phone]:
    rows = []
    for item_path, item in items_of(checker, value, path, PhoneSpec):
        parsed = parse_phone(checker, item, item_path, country)
        if parsed:
            rows.append(Phone(id=uuid.uuid4(), organization_id=organization_id, **links, **parsed))
    return rows


def email_rows(
    checker: Checker, value: Any, path: Path, organization_id: uuid.UUID, **links: uuid.UUID
) -> list[Email]:
    rows = []
    for item_path, item in items_of(checker, value, path, EmailSpec):
        parsed = parse_email(checker, item, item_path)
        if parsed:
            rows.append(Email(id=uuid.uuid4(), organization_id=organization_id, **links, **parsed))
    return rows


def area_rows(
    checker: Checker,
    value: Any,
    path: Path,
    organization_id: uuid.UUID,
    service_id: uuid.UUID | None,
) -> list[ServiceArea]:
    rows: list[ServiceArea] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for item_path, item in items_of(checker, value, path, AreaSpec):
        parsed = parse_area(checker, item, item_path)
        if parsed is None:
            continue
        key = (parsed["country"], parsed["subdivision"], parsed["municipality"])
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            ServiceArea(
                id=uuid.uuid4(), organization_id=organization_id, service_id=service_id, **parsed
            )
        )
    return rows


def _content(row: Base) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, repr(v)) for k, v in snapshot(row).items() if k != "id"))


async def replace_rows(change: ListingChange, old: Sequence[Base], new: Sequence[Base]) -> None:
    """Make ``new`` the set of rows where ``old`` was: identical rows stay as they are,
    the others are deleted or inserted, each with its revision."""
    wanted = {_content(row): row for row in new}
    kept: set[tuple[tuple[str, str], ...]] = set()
    for row in old:
        key = _content(row)
        if key in wanted and key not in kept:
            kept.add(key)
            continue
        change.deleted(row)
        await change.session.delete(row)
    added = [row for key, row in wanted.items() if key not in kept]
    await add_in_dependency_order(change.session, list(added))
    for row in added:
        change.created(row)


def split_translations(
    checker: Checker, value: Any, path: Path
) -> tuple[list[str], dict[str, dict[str, str | None]]]:
    """``(languages to remove, {language: {name, description}} to set)`` of a
    translations change: a language mapped to ``None`` is removed."""
    value = translations_by_language(value)
    if value is None:
        return [], {}
    removed: list[str] = []
    if isinstance(value, dict):
        removed = [language for language, text in value.items() if text is None]
        value = {language: text for language, text in value.items() if text is not None}
    return removed, parse_translations(checker, path, value)


async def apply_translations(
    change: ListingChange,
    existing: Sequence[Any],
    removed: list[str],
    given: dict[str, dict[str, str | None]],
    new_row: Callable[[str, dict[str, str | None]], Base],
) -> None:
    """Remove, add or rewrite translation rows (each has ``language``, ``name``,
    ``description``), with a revision for each one that changes."""
    rows = {row.language: row for row in existing}
    for language in removed:
        if language in rows:
            change.deleted(rows[language])
            await change.session.delete(rows[language])
    for language, text in given.items():
        row = rows.get(language)
        if row is None:
            created = new_row(language, text)
            change.session.add(created)
            change.created(created)
            continue
        before = snapshot(row)
        row.name, row.description = text["name"], text["description"]
        change.record("update", row, before, snapshot(row))


def unknown_fields(
    checker: Checker, changes: SpecBase, allowed: Iterable[str] | None = None
) -> None:
    """Refuse the keys of a mapping that named no field, and (``allowed``) the given
    fields that cannot be set by this write."""
    names = set(changes.field_names() if allowed is None else allowed)
    for name in changes.unknown:
        checker.add((name,), "is not a field that can be set here")
    for name in changes.given():
        if name not in names:
            checker.add((name,), "is not a field that can be set here")
