"""Revisions in readable form: who, when, what changed (field: before → after).

Values of contacts, phones, emails and locations whose visibility the reader may not see
are replaced by a plain "hidden" marker (the rule is ``Audience.can_see``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from directory.enums import Visibility
from directory.models import Revision
from directory.visibility import Audience

SENSITIVE = frozenset({"Contact", "Phone", "Email", "Location"})
SKIPPED = frozenset({"id", "organization_id", "contact_id", "service_id", "location_id"})
HIDDEN = object()


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Entry:
    actor: str
    at: Any
    operation: str
    entity_type: str
    version: int
    changes: list[FieldChange]
    hidden: bool


def _actor(actor: str) -> str:
    kind, _, who = actor.partition(":")
    return who if kind == "user" and who else actor


def _may_see(revision: Revision, audience: Audience) -> bool:
    if revision.entity_type not in SENSITIVE:
        return True
    if audience.can_see(Visibility.CONFIDENTIAL.value, revision.organization_id):
        return True
    visibility = (revision.changes or {}).get("visibility")
    if not isinstance(visibility, dict):
        return False  # an update that kept the visibility: it is not known here, hide
    levels = [v for v in (visibility.get("before"), visibility.get("after")) if v]
    return bool(levels) and all(audience.can_see(v, revision.organization_id) for v in levels)


def _show(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else ""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if value is None:
        return ""
    return value


def readable(revisions: list[Revision], audience: Audience) -> list[Entry]:
    found = []
    for revision in revisions:
        visible = _may_see(revision, audience)
        changes = [
            FieldChange(name, _show(value.get("before")), _show(value.get("after")))
            for name, value in (revision.changes or {}).items()
            if name not in SKIPPED and isinstance(value, dict)
        ]
        found.append(
            Entry(
                _actor(revision.actor),
                revision.at,
                revision.operation,
                revision.entity_type,
                revision.organization_version,
                changes if visible else [],
                not visible,
            )
        )
    return found
