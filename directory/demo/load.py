"""Loading the demo dataset through the same write path as the API."""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from importlib import resources
from typing import Any

from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization, slug_taken
from directory.listings.specs import OrganizationSpec

DEMO_NAMESPACE = uuid.UUID("6f0b8c2e-3d5a-4e0f-9a51-7c1d2b3e4f50")
ACTOR = Actor.system("demo-load")


def demo_specs(now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The demo organizations, as listing spec mappings (``OrganizationSpec.from_mapping``).

    The file gives verification dates as ``verified_days_ago`` so that "verified recently"
    and "stale" stay true whenever the demo is loaded; they become ``last_verified_at``.
    """
    text = resources.files("directory.demo").joinpath("organizations.json").read_text("utf-8")
    data = json.loads(text)
    return [_dated(spec, now or dt.datetime.now(dt.UTC)) for spec in data["organizations"]]


def _dated(spec: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    verification = spec.get("verification")
    if not isinstance(verification, dict) or "verified_days_ago" not in verification:
        return spec
    spec = copy.deepcopy(spec)
    days = spec["verification"].pop("verified_days_ago")
    spec["verification"]["last_verified_at"] = (now - dt.timedelta(days=days)).isoformat()
    return spec


def demo_id(slug: str) -> uuid.UUID:
    """A stable id per demo slug, so every fresh machine has the same demo ids."""
    return uuid.uuid5(DEMO_NAMESPACE, slug)


@dataclass
class LoadReport:
    created: int = 0
    skipped: int = 0


async def load_demo(db: Database, specs: list[dict[str, Any]] | None = None) -> LoadReport:
    """Create each demo organization that is not there yet (by slug); idempotent.

    Each organization is one transaction: a bad one stops the load with everything before
    it kept and nothing of it written.
    """
    report = LoadReport()
    for spec in demo_specs() if specs is None else specs:
        async with db.write() as session:
            if await slug_taken(session, spec["slug"]):
                report.skipped += 1
                continue
            await create_organization(
                session,
                ACTOR,
                OrganizationSpec.from_mapping(spec),
                organization_id=demo_id(spec["slug"]),
            )
            report.created += 1
    return report
