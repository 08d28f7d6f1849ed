"""Importing HSDS organizations: validated, idempotent by HSDS id, one transaction each.

- The whole document is read and checked first: an unreadable file or one that is not
  HSDS is a fatal :class:`~directory.hsds.source.NotHsds` and nothing is imported.
- Each organization is validated against ``compiled/organization.json``; a record the
  schema or the directory's own rules refuse is left out and reported with the reason (an
  organization whose own fields are refused is rejected whole).
- A new organization is created through ``create_organization`` (id = the HSDS id when it
  is a UUID, else a UUIDv5 of it) with its revisions and CREATED event. An existing one is
  compared with the file: unchanged means nothing is written (no revision, no event, same
  version); changed means one new version through ``replace_listing`` with an UPDATED
  event. Slugs come from our slug identifier, else the name, made unique.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from directory.access import WriteAccess
from directory.audit import Actor, add_revision
from directory.db import Database
from directory.hsds import state as S
from directory.hsds.from_hsds import Mapped, map_organization
from directory.hsds.ids import local_id
from directory.hsds.replace import RestrictedRemoval, replace_listing
from directory.hsds.schemas import organization_validator, schema_folder
from directory.hsds.source import NotHsds, read_source
from directory.listings.change import ListingChange
from directory.listings.create import create_organization, slug_taken, snapshot
from directory.listings.specs import OrganizationSpec
from directory.models import Organization
from directory.text import fold
from directory.validation import SLUG_RE, InvalidInput

ACTOR = Actor.system("hsds-import")
ACCESS = WriteAccess.system(ACTOR)
"""The importer writes as a trusted system job, through the same rule as every writer."""
VISIBLE_TO_PUBLIC = frozenset({"PUBLIC"})
VISIBLE_TO_PARTNERS = frozenset({"PUBLIC", "PARTNERS"})
REQUIRED_RECORDS = {"services": "name", "contacts": "name"}
RECORD_FIELDS = {"number", "address", "code"}


@dataclass
class Rejected:
    record: str
    reason: str


@dataclass
class ImportReport:
    schemas: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Organizations left as they are although the file leaves out their restricted items
    (re-importing the directory's own PUBLIC or PARTNERS export)."""

    @property
    def rejected_organizations(self) -> int:
        return sum(
            1 for r in self.rejected if r.record.startswith("organization ") and "/" not in r.record
        )


def _record_name(organization: dict[str, Any], path: list[Any]) -> tuple[list[Any], str]:
    """The deepest list item on ``path`` (the record to drop) and a readable name."""
    last = max((i for i, p in enumerate(path) if isinstance(p, int)), default=-1)
    record = path[: last + 1]
    item: Any = organization
    for step in record:
        item = item[step]
    label = f"organization {organization.get('id')}"
    if record:
        kind = str(record[-2]) if len(record) > 1 else "item"
        label += f" / {kind} {item.get('id') if isinstance(item, dict) else record[-1]}"
    return record, label


def _drop(document: dict[str, Any], paths: list[list[Any]]) -> None:
    for path in sorted(
        paths, key=lambda p: (len(p), p[-1] if p and isinstance(p[-1], int) else -1), reverse=True
    ):
        parent: Any = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            del parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue


def validate(
    organization: dict[str, Any], validator: Any, report: ImportReport
) -> dict[str, Any] | None:
    """The organization without the records the schema refuses (None: refused whole)."""
    drops: list[list[Any]] = []
    for error in validator.iter_errors(organization):
        path = list(error.absolute_path)
        record, label = _record_name(organization, path)
        if not record:
            report.rejected.append(Rejected(label, f"HSDS schema: {error.message}"))
            return None
        report.rejected.append(Rejected(label, f"HSDS schema: {error.message}"))
        drops.append(record)
    if drops:
        organization = copy.deepcopy(organization)
        _drop(organization, drops)
    return organization


def prune(mapped: Mapped, report: ImportReport) -> S.Parsed | None:
    """Check the spec with the directory's rules, leaving out refused records and values."""
    label = f"organization {mapped.hsds_id}"
    spec = mapped.spec
    spec["slug"] = "placeholder"
    for _ in range(10):
        parsed = S.parse_listing(spec, mapped.contact_services)
        if not parsed.problems:
            return parsed
        drops: list[list[Any]] = []
        for problem in parsed.problems:
            path: list[Any] = [int(p) if p.isdigit() else p for p in problem.field]
            where = ".".join(problem.field)
            ints = [i for i, p in enumerate(path) if isinstance(p, int)]
            if not ints:
                if path[:1] in (["name"], ["country"]):
                    reason = (
                        "no country (MX, US, CA) found" if path == ["country"] else problem.message
                    )
                    report.rejected.append(Rejected(label, f"{where}: {reason}"))
                    return None
                drops.append(path)
            else:
                last = ints[-1]
                owner = str(path[last - 1]) if last > 0 else ""
                field_name = path[last + 1] if last + 1 < len(path) else None
                whole = (
                    field_name is None
                    or field_name in RECORD_FIELDS
                    or owner == "hours"
                    or REQUIRED_RECORDS.get(owner) == field_name
                )
                drops.append(path[: last + 1] if whole else path[: last + 2])
            report.rejected.append(Rejected(f"{label} / {where}", problem.message))
        if any(d[:1] == ["contacts"] and len(d) == 2 for d in drops):
            removed = {d[1] for d in drops if d[:1] == ["contacts"] and len(d) == 2}
            links, kept = {}, 0
            for index in range(len(spec.get("contacts") or [])):
                if index in removed:
                    continue
                if index in mapped.contact_services:
                    links[kept] = mapped.contact_services[index]
                kept += 1
            mapped.contact_services = links
        if any(d[:1] == ["services"] and len(d) == 2 for d in drops):
            removed = {d[1] for d in drops if d[:1] == ["services"] and len(d) == 2}
            shift = {
                old: old - sum(1 for r in removed if r < old)
                for old in range(len(spec.get("services") or []))
            }
            mapped.contact_services = {
                c: shift[s] for c, s in mapped.contact_services.items() if s not in removed
            }
        _drop(spec, drops)
    report.rejected.append(Rejected(label, "could not be made valid"))
    return None


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:70].strip("-")
    return slug or "organization"


async def unique_slug(session: AsyncSession, wanted: str | None, name: str) -> str:
    base = wanted if wanted and SLUG_RE.fullmatch(wanted) and len(wanted) <= 80 else slugify(name)
    candidate, n = base, 1
    while await slug_taken(session, candidate):
        n += 1
        candidate = f"{base[:70]}-{n}"
    return candidate


async def link_contacts(
    session: AsyncSession, organization: Organization, parsed: S.Parsed, at: Any
) -> None:
    """Tie new contacts to their services (``create_organization`` has no such link)."""
    if not any(c.service is not None for c in parsed.contacts):
        return
    stored = await S.load_stored(session, organization)
    service_by_key = {
        S.service_key(part): service
        for part, (service, _) in zip(stored.parsed.services, stored.services, strict=True)
    }
    unlinked = list(zip(stored.parsed.contacts, stored.contacts, strict=True))
    for wanted in parsed.contacts:
        if wanted.service is None:
            continue
        service = service_by_key[S.service_key(parsed.services[wanted.service])]
        plain = S.Part(wanted.values, wanted.phones, wanted.emails)
        for i, (part, (contact, _)) in enumerate(unlinked):
            if S.contact_key(part, []) == S.contact_key(plain, []):
                before = snapshot(contact)
                contact.service_id = service.id
                add_revision(
                    session,
                    organization_id=organization.id,
                    actor=ACTOR,
                    operation="update",
                    entity_type="Contact",
                    entity_id=contact.id,
                    changes={
                        "service_id": {"before": before["service_id"], "after": str(service.id)}
                    },
                    version=organization.version,
                    at=at,
                )
                del unlinked[i]
                break
    await session.flush()


async def import_one(
    db: Database,
    document: dict[str, Any],
    report: ImportReport,
    *,
    default_language: str,
    default_country: str | None,
    allow_restricted: bool,
) -> None:
    mapped = map_organization(document, default_language, default_country)
    report.notes.extend(f"organization {mapped.hsds_id}: {n}" for n in mapped.notes)
    parsed = prune(mapped, report)
    if parsed is None:
        return
    organization_id = local_id(mapped.hsds_id)
    label = f"organization {mapped.hsds_id}"
    try:
        async with db.write() as session:
            existing = await session.get(Organization, organization_id)
            if existing is None:
                ACCESS.check_create()
                spec = mapped.spec | {
                    "slug": await unique_slug(
                        session, mapped.slug_hint, parsed.organization["name"]
                    )
                }
                created = await create_organization(
                    session,
                    ACTOR,
                    OrganizationSpec.from_mapping(spec),
                    organization_id=organization_id,
                )
                await link_contacts(session, created, parsed, created.created_at)
                report.created += 1
                return
            if existing.archived:
                report.rejected.append(
                    Rejected(label, "the organization is archived in the directory")
                )
                return
            stored = await S.load_stored(session, existing)
            if S.listing_key(stored.parsed) == S.listing_key(parsed):
                report.unchanged += 1
                return
            kept = 0 if allow_restricted else _restricted_not_carried(stored.parsed, parsed)
            if kept:
                report.unchanged += 1
                report.kept.append(
                    f"{label}: unchanged; kept {kept} PARTNERS or CONFIDENTIAL "
                    "items the file does not carry"
                )
                return
            change = await ListingChange.begin(session, ACCESS, organization_id, None)
            stored = await S.load_stored(session, change.organization)
            await replace_listing(change, stored, parsed, allow_restricted=allow_restricted)
            await change.finish()
            report.updated += 1
    except (InvalidInput, RestrictedRemoval) as exc:
        report.rejected.append(Rejected(label, str(exc)))


def _restricted_not_carried(stored: S.Parsed, wanted: S.Parsed) -> int:
    """When the file is the stored listing as a PUBLIC (or PARTNERS) export shows it: the
    number of restricted items it leaves out (kept as they are); else 0."""
    wanted_key = S.listing_key(wanted)
    for levels in (VISIBLE_TO_PUBLIC, VISIBLE_TO_PARTNERS):
        view, left_out = S.visible_only(stored, levels)
        if left_out and S.listing_key(view) == wanted_key:
            return left_out
    return 0


async def import_path(
    db: Database,
    path: Path,
    *,
    schemas: Path | None = None,
    default_language: str = "en",
    default_country: str | None = None,
    allow_restricted: bool = False,
) -> ImportReport:
    """Import every organization of the HSDS document at ``path``."""
    organizations = read_source(path)
    folder = schema_folder(schemas)
    validator = organization_validator(folder)
    report = ImportReport(
        schemas=f"HSDS 3.0 schemas at {folder}"
        if folder
        else "built-in minimal schema (HSDS schemas not found)"
    )
    seen: set[str] = set()
    checked = []
    for organization in organizations:
        hsds_id = str(organization.get("id"))
        if hsds_id in seen:
            report.rejected.append(Rejected(f"organization {hsds_id}", "appears twice in the file"))
            continue
        seen.add(hsds_id)
        valid = validate(organization, validator, report)
        if valid is not None:
            checked.append(valid)
    if organizations and not checked and not report.rejected:
        raise NotHsds(f"{path} holds no HSDS organization")
    for organization in checked:
        await import_one(
            db,
            organization,
            report,
            default_language=default_language,
            default_country=default_country,
            allow_restricted=allow_restricted,
        )
    return report
