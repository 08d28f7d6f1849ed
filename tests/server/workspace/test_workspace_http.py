"""The workspace over HTTP (the whole app in-process, on both databases): sign-in and
sessions, CSRF, another organization's listing, editing with its refusals and conflicts."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy import func, select

from auth.models import WorkspaceSession
from auth.users import create_user
from directory.db import Database
from directory.models import Organization, Revision
from server.workspace.organization_form import fields
from tests.auth.helpers import PASSWORD, organization, staff
from tests.server.workspace.helpers import csrf_of, form_values, sign_in

FORM_FIELDS = [f.name for f in fields()]


async def _org(db: Database, slug: str) -> Organization:
    async with db.session() as session:
        found = await session.scalar(select(Organization).where(Organization.slug == slug))
    assert found is not None
    return found


async def _revisions(db: Database) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(Revision)) or 0)


async def test_landing_page_links_the_workspace_and_the_apis(client: httpx.AsyncClient) -> None:
    page = await client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert page.status_code == 200
    assert 'lang="es"' in page.text
    for link in ('href="/manage"', 'href="/graphql"', 'href="/hsds/"', 'href="/guide"'):
        assert link in page.text


async def test_staff_signs_in_sees_own_listing_and_signs_out(
    db: Database, client: httpx.AsyncClient
) -> None:
    await organization(db, "refugio-a")
    await staff(db, "ana@refugio-a.example", "refugio-a")
    done = await sign_in(client, "ana@refugio-a.example")
    assert done.status_code == 303 and done.headers["location"] == "/manage"
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/manage" in cookie
    home = await client.get("/manage")
    assert "ana@refugio-a.example" in home.text and "/manage/o/refugio-a" in home.text
    listing = await client.get("/manage/o/refugio-a?view=public")
    assert listing.status_code == 200 and "Organización refugio-a" in listing.text

    out = await client.post("/manage/signout", data={"csrf_token": csrf_of(home.text)})
    assert out.status_code == 303
    again = await client.get("/manage/o/refugio-a")
    assert again.status_code == 303 and again.headers["location"].startswith("/manage/signin")
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(WorkspaceSession)) == 0


async def test_another_organizations_listing_is_404_and_nothing_is_written(
    db: Database, client: httpx.AsyncClient
) -> None:
    await organization(db, "refugio-a")
    await organization(db, "refugio-b")
    await staff(db, "ana@refugio-a.example", "refugio-a")
    await sign_in(client, "ana@refugio-a.example")
    own = await client.get("/manage/o/refugio-a/edit")
    token = csrf_of(own.text)
    values = form_values(own.text, FORM_FIELDS)
    before = await _revisions(db)
    for path in ("/manage/o/refugio-b", "/manage/o/refugio-b/edit", "/manage/o/refugio-b/history"):
        assert (await client.get(path)).status_code == 404
    other = await _org(db, "refugio-b")
    posted = await client.post(
        "/manage/o/refugio-b/edit",
        data={**values, "name": "Hijacked", "csrf_token": token, "expected_version": "1"},
    )
    assert posted.status_code == 404
    assert "Page not found" in posted.text
    assert (await _org(db, "refugio-b")).name == other.name
    assert await _revisions(db) == before
    assert (await client.get("/manage/admin/queue")).status_code == 404


async def test_a_post_without_the_csrf_token_is_refused(
    db: Database, client: httpx.AsyncClient
) -> None:
    await organization(db, "refugio-a")
    await staff(db, "ana@refugio-a.example", "refugio-a")
    await sign_in(client, "ana@refugio-a.example")
    page = await client.get("/manage/o/refugio-a/edit")
    values = form_values(page.text, FORM_FIELDS)
    before = await _revisions(db)
    for token in (None, "forged"):
        data = {**values, "name": "Nuevo nombre", "expected_version": "1"}
        if token:
            data["csrf_token"] = token
        refused = await client.post("/manage/o/refugio-a/edit", data=data)
        assert refused.status_code == 403
    assert (await client.post("/manage/signout")).status_code == 403
    assert await _revisions(db) == before
    assert (await _org(db, "refugio-a")).name == "Organización refugio-a"


async def test_edit_saves_refuses_bad_values_and_shows_conflicts(
    db: Database, client: httpx.AsyncClient
) -> None:
    await organization(db, "refugio-a")
    await staff(db, "ana@refugio-a.example", "refugio-a")
    await sign_in(client, "ana@refugio-a.example")
    page = await client.get("/manage/o/refugio-a/edit")
    token = csrf_of(page.text)
    values = form_values(page.text, FORM_FIELDS)
    version = re.search(r'name="expected_version" value="(\d+)"', page.text)
    assert version
    stale = version.group(1)

    saved = await client.post(
        "/manage/o/refugio-a/edit",
        data={
            **values,
            "description": "Albergue y asesoría",
            "translations-en-name": "Shelter A",
            "csrf_token": token,
            "expected_version": stale,
        },
    )
    assert saved.status_code == 303
    assert (await _org(db, "refugio-a")).description == "Albergue y asesoría"

    before = await _revisions(db)
    bad = await client.post(
        "/manage/o/refugio-a/edit",
        data={
            **values,
            "website": "not a website",
            "description": "typed by hand",
            "csrf_token": token,
            "expected_version": str(int(stale) + 1),
        },
    )
    assert bad.status_code == 400
    assert 'href="#website"' in bad.text  # the error summary links to the field
    assert 'aria-invalid="true"' in bad.text
    assert "typed by hand" in bad.text and "not a website" in bad.text
    assert await _revisions(db) == before

    conflict = await client.post(
        "/manage/o/refugio-a/edit",
        data={**values, "name": "Mi nombre nuevo", "csrf_token": token, "expected_version": stale},
    )
    assert conflict.status_code == 409
    assert "Albergue y asesoría" in conflict.text  # what changed meanwhile
    assert "Mi nombre nuevo" in conflict.text  # the user's values are kept
    assert (await _org(db, "refugio-a")).name == "Organización refugio-a"
    assert await _revisions(db) == before


async def test_language_is_negotiated_switchable_and_remembered(
    db: Database, client: httpx.AsyncClient
) -> None:
    spanish = await client.get("/manage", headers={"Accept-Language": "es"})
    assert 'lang="es"' in spanish.text and "Iniciar sesión" in spanish.text
    switched = await client.get("/manage/language?to=fr&next=/manage")
    assert switched.status_code == 303 and switched.headers["location"] == "/manage"
    french = await client.get("/manage", headers={"Accept-Language": "es"})
    assert 'lang="fr"' in french.text and "Se connecter" in french.text
    away = await client.get("/manage/language?to=es&next=https://evil.example/")
    assert away.headers["location"] == "/manage"


async def test_admin_creates_an_account_whose_link_works_once(
    db: Database, client: httpx.AsyncClient
) -> None:
    await organization(db, "refugio-a")
    await organization(db, "directorio")
    await create_user(
        db,
        email="admin@directorio.example",
        organization_slug=None,
        role="admin",
        password=PASSWORD,
    )
    await sign_in(client, "admin@directorio.example")
    page = await client.get("/manage/admin/accounts")
    token = csrf_of(page.text)
    created = await client.post(
        "/manage/admin/accounts",
        data={
            "csrf_token": token,
            "email": "nuevo@refugio-a.example",
            "organization": "refugio-a",
            "role": "editor",
        },
    )
    assert created.status_code == 200
    link = re.search(r'id="link" type="text" readonly value="([^"]+)"', created.text)
    assert link
    path = link.group(1).removeprefix("http://testserver")
    form = await client.get(path)
    assert form.status_code == 200
    short = await client.post(
        path, data={"csrf_token": csrf_of(form.text), "password": "corta", "confirm": "corta"}
    )
    assert short.status_code == 400 and 'href="#password"' in short.text
    ok = await client.post(
        path,
        data={
            "csrf_token": csrf_of(form.text),
            "password": "una contraseña larga",
            "confirm": "una contraseña larga",
        },
    )
    assert ok.status_code == 200 and "You can sign in now" in ok.text
    assert (await client.get(path)).status_code == 404

    fresh = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    async with fresh:
        done = await sign_in(fresh, "nuevo@refugio-a.example", "una contraseña larga")
        assert done.status_code == 303
        assert (await fresh.get("/manage/o/refugio-a")).status_code == 200


async def test_session_survives_a_restart_and_ends_when_idle(db: Database, settings: Any) -> None:
    import dataclasses

    from server.asgi import create_app

    await organization(db, "refugio-a")
    await staff(db, "ana@refugio-a.example", "refugio-a")
    cookies = httpx.Cookies()
    for round in range(2):  # a second app over the same database: a restarted service
        app = create_app(settings, database=db)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://testserver",
                cookies=cookies,
            ) as http,
        ):
            if round == 0:
                await sign_in(http, "ana@refugio-a.example")
            assert (await http.get("/manage/o/refugio-a")).status_code == 200
            cookies = http.cookies
    idle = create_app(dataclasses.replace(settings, workspace_idle_timeout=0), database=db)
    async with (
        idle.router.lifespan_context(idle),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=idle), base_url="http://testserver", cookies=cookies
        ) as http,
    ):
        assert (await http.get("/manage/o/refugio-a")).status_code == 303
