"""SQL statements per workspace page do not grow with the listing's size."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event, select

from auth.users import create_user
from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec
from directory.models import Contact, Email, Organization, Phone, Service
from tests.auth.helpers import PASSWORD
from tests.server.workspace.helpers import sign_in

PAGES = (
    "/manage",
    "/manage/o/{slug}",
    "/manage/o/{slug}/edit",
    "/manage/o/{slug}/history",
    "/manage/o/{slug}/areas",
    "/manage/o/{slug}/services/new",
    "/manage/o/{slug}/services/{service}/edit",
    "/manage/o/{slug}/contacts/{contact}/edit",
    "/manage/o/{slug}/phones/new?owner=contact:{contact}",
    "/manage/o/{slug}/phones/{phone}/edit",
    "/manage/o/{slug}/emails/{email}/edit",
)


async def first_ids(db: Database, slug: str) -> dict[str, str]:
    """The first service, contact, phone and email of a listing, for the item pages."""
    found = {"slug": slug}
    async with db.session() as session:
        org = await session.scalar(select(Organization.id).where(Organization.slug == slug))
        for name, model in (
            ("service", Service),
            ("contact", Contact),
            ("phone", Phone),
            ("email", Email),
        ):
            first = await session.scalar(
                select(model.id).where(model.organization_id == org).order_by(model.id).limit(1)
            )
            found[name] = str(first)
    return found


def spec(slug: str, n: int) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": f"Refugio {slug}",
        "country": "MX",
        "language": "es",
        "services": [{"name": f"Servicio {i}", "categories": ["hotline"]} for i in range(n)],
        "contacts": [
            {
                "name": f"Contacto {i}",
                "visibility": ["PUBLIC", "PARTNERS", "CONFIDENTIAL"][i % 3],
                "phones": [{"number": f"+52 55 5555 {1000 + i}"}],
                "emails": [{"address": f"c{i}@{slug}.example"}],
            }
            for i in range(n)
        ],
    }


async def statements(db: Database, http: httpx.AsyncClient, path: str) -> int:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        response = await http.get(path)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.text
    return len(seen)


async def test_statements_per_page_do_not_grow_with_the_listing(
    db: Database, settings: Any
) -> None:
    from server.asgi import create_app

    async with db.write() as session:
        await create_organization(
            session, Actor.system("test"), OrganizationSpec.from_mapping(spec("chico", 2))
        )
        await create_organization(
            session, Actor.system("test"), OrganizationSpec.from_mapping(spec("grande", 40))
        )
    counts: dict[str, list[int]] = {}
    for slug in ("chico", "grande"):
        await create_user(
            db,
            email=f"staff@{slug}.example",
            organization_slug=slug,
            role="editor",
            password=PASSWORD,
        )
        app = create_app(settings, database=db)
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as http,
        ):
            await sign_in(http, f"staff@{slug}.example")
            ids = await first_ids(db, slug)
            for page in PAGES:
                path = page.format(**ids)
                await statements(db, http, path)  # session touch settles
                counts.setdefault(page, []).append(await statements(db, http, path))
    print("\nSQL statements per page (2 vs 40 services and contacts):", counts)
    for page, (small, large) in counts.items():
        assert small == large, (page, counts)
        assert large <= 14, (page, counts)
