"""Who may hear of a change: the most public visibility among the rows it touched.

A change event (and a webhook delivery) reaches a caller only when the caller may see at
least one of the touched rows, before or after the change; otherwise the feed would tell an
outsider that a safe house's phone changed. Rows without a visibility column
(organizations, services, service areas, translations) count as PUBLIC. A phone or email
under a contact or location counts at most as visible as that contact or location, as the
read rule in :mod:`directory.reader` shows it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from directory.enums import Visibility
from directory.models import Contact, Location
from directory.models.base import Base

ORDER = (Visibility.PUBLIC, Visibility.PARTNERS, Visibility.CONFIDENTIAL)
"""Most public first."""

PARENTS: tuple[tuple[str, type[Contact] | type[Location]], ...] = (
    ("contact_id", Contact),
    ("location_id", Location),
)


def most_public(levels: list[Visibility]) -> Visibility:
    """The most public of ``levels``; CONFIDENTIAL (nobody outside) when there are none."""
    return min(levels, key=ORDER.index, default=Visibility.CONFIDENTIAL)


def least_public(levels: list[Visibility]) -> Visibility:
    return max(levels, key=ORDER.index, default=Visibility.PUBLIC)


@dataclass
class Reach:
    """Collects the visibility of each touched row's before and after state."""

    states: list[tuple[Visibility, list[tuple[type[Base], uuid.UUID]]]] = field(
        default_factory=list
    )

    def touch(self, row: Base, before: dict[str, Any], after: dict[str, Any]) -> None:
        has_visibility = "visibility" in type(row).__table__.columns  # type: ignore[attr-defined]
        for values in (before, after):
            if not values:
                continue
            if not has_visibility:
                self.states.append((Visibility.PUBLIC, []))
                continue
            own = Visibility(str(values.get("visibility") or Visibility.PUBLIC.value))
            parents: list[tuple[type[Base], uuid.UUID]] = [
                (model, values[key]) for key, model in PARENTS if values.get(key)
            ]
            self.states.append((own, parents))

    async def level(self, session: AsyncSession) -> Visibility:
        """The event's visibility. Parents are read as they are now, inside the change's
        transaction; a parent deleted by this very change counts as CONFIDENTIAL here (its
        own delete was touched and counted at its own level)."""
        wanted: dict[type[Base], set[uuid.UUID]] = {}
        for _, parents in self.states:
            for model, key in parents:
                wanted.setdefault(model, set()).add(key)
        parent_levels: dict[uuid.UUID, Visibility] = {}
        for model, keys in wanted.items():
            rows = await session.execute(
                select(model.id, model.visibility).where(model.id.in_(keys))  # type: ignore[attr-defined]
            )
            parent_levels.update({key: Visibility(level) for key, level in rows.all()})
        levels = [
            least_public(
                [own, *(parent_levels.get(key, Visibility.CONFIDENTIAL) for _, key in parents)]
            )
            for own, parents in self.states
        ]
        return most_public(levels)
