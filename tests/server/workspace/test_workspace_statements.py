"""SQL statements per workspace page do not grow with the listing's size."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event

from auth.users import create_user
from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec
from tests.auth.helpers import PASSWORD
from tests.server.workspace.helpers import sign_in

PAGES = ("/manage", "/manage/o/{slug}", "/manage/o/{slug}/edit", "/manage/o/{slug}/history")


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
            for page in PAGES:
                path = page.format(slug=slug)
                await statements(db, http, path)  # session touch settles
                counts.setdefault(page, []).append(await statements(db, http, path))
    print("\nSQL statements per page (2 vs 40 services and contacts):", counts)
    for page, (small, large) in counts.items():
        assert small == large, (page, counts)
        assert large <= 14, (page, counts)
