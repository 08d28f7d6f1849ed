"""The one visibility rule: which contacts, phones, emails and locations a caller may see.

Every read path (GraphQL fields, ``node``, search, export, the HSDS API) asks this module,
through :class:`Audience`, and nothing else decides visibility.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, false, or_, true

from directory.enums import Visibility


@dataclass(frozen=True)
class Audience:
    """What one caller may read.

    ``levels`` are the visibility levels granted by scopes; ``own_organization_id`` is the
    organization whose staff (or bound client) the caller is: they see all of its items.
    ``include_archived`` lets administrators read archived listings; ``administrator``
    lets them read every audit trail and who verified a listing.
    """

    levels: frozenset[Visibility] = field(default_factory=lambda: frozenset({Visibility.PUBLIC}))
    own_organization_id: uuid.UUID | None = None
    include_archived: bool = False
    administrator: bool = False

    @classmethod
    def public(cls) -> Audience:
        return cls()

    @classmethod
    def partners(cls, own: uuid.UUID | None = None) -> Audience:
        return cls(frozenset({Visibility.PUBLIC, Visibility.PARTNERS}), own)

    @classmethod
    def everything(cls, include_archived: bool = True) -> Audience:
        """System-level reading (exports for administrators, migrations, tests)."""
        return cls(frozenset(Visibility), None, include_archived, administrator=True)

    def can_see(self, visibility: str, organization_id: uuid.UUID) -> bool:
        """Whether one item with this visibility, of this organization, is visible."""
        if self.own_organization_id is not None and organization_id == self.own_organization_id:
            return True
        return Visibility(visibility) in self.levels

    @property
    def sees_everything(self) -> bool:
        """Whether every item of every listing it reads is visible (and every change audible):
        administrators and callers granted every level."""
        return self.administrator or self.levels >= frozenset(Visibility)

    def sees_all_of(self, organization_id: uuid.UUID) -> bool:
        """Whether every item of this organization is visible: :attr:`sees_everything`, or
        its own staff."""
        return self.sees_everything or organization_id == self.own_organization_id

    def may_read_audit_trail(self, organization_id: uuid.UUID) -> bool:
        """Revisions are for administrators and the organization's own staff."""
        return self.administrator or self.own_organization_id == organization_id

    @property
    def may_read_verifier(self) -> bool:
        """Who verified a listing is for administrators only."""
        return self.administrator

    def clause(self, model: Any) -> ColumnElement[bool]:
        """The same rule as a SQL condition on a model with ``visibility`` and ``organization_id``."""
        levels = sorted(level.value for level in self.levels)
        conditions: list[ColumnElement[bool]] = []
        # One equality per level rather than an expanding IN: a statement's text then does
        # not depend on its parameters' values, so it can be prepared and reused as is
        # (directory.driver_reads).
        conditions.extend(model.visibility == level for level in levels)
        if self.own_organization_id is not None:
            conditions.append(model.organization_id == self.own_organization_id)
        if not conditions:
            return false()
        return or_(*conditions) if len(conditions) > 1 else conditions[0]

    def archived_clause(self, organization: Any) -> ColumnElement[bool]:
        """Archived organizations are hidden except from administrators and their own staff."""
        if self.include_archived:
            return true()
        if self.own_organization_id is not None:
            return or_(
                organization.archived.is_(False), organization.id == self.own_organization_id
            )
        return organization.archived.is_(False)
