"""Types the schema must hold even where no field names them directly (``node`` returns)."""

from __future__ import annotations

from typing import Any

from schema.changes.types import Change
from schema.organizations.types import Contact, Location, Organization, Service

EXTRA_TYPES: list[Any] = [Organization, Service, Contact, Location, Change]
