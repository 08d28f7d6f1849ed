"""The listing workspace in a real browser (Debian's Chromium through Playwright), against
the real service under uvicorn: the core tasks without JavaScript help, an axe-core scan of
every page (zero serious or critical violations, printed per page), no horizontal scroll
at 360 px, and the cold weight of each page (HTML + CSS) under 150 KB.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from auth.users import create_user
from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec
from directory.migrate import upgrade
from tests.e2e.service import REPO, Service, running_service
from tests.e2e.test_graphiql_offline import CHROMIUM, CHROMIUM_FLAGS, missing_piece

AXE = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"
STAFF = "ana@refugio-uno.example"
ADMIN = "admin@directorio.example"
MAX_PAGE_BYTES = 150_000
OWN = {
    "slug": "refugio-uno",
    "name": "Refugio Uno",
    "country": "MX",
    "language": "es",
    "service_areas": [{"code": "MX-CMX"}],
    "services": [{"name": "Línea de ayuda", "categories": ["hotline"]}],
    "contacts": [
        {
            "name": "Mesa de atención",
            "visibility": "CONFIDENTIAL",
            "phones": [{"number": "+52 55 5555 1234", "hotline": True, "open24x7": True}],
        },
        {"name": "Oficina", "phones": [{"number": "800 55 33 000", "hotline": True}]},
    ],
}
OTHER = {"slug": "refugio-dos", "name": "Refugio Dos", "country": "MX", "language": "es"}
HOME = {"slug": "directorio-admin", "name": "Directorio (administración)", "country": "CA"}


async def seed(url: str) -> None:
    db = Database(url)
    try:
        await upgrade(db.engine)
        async with db.write() as session:
            for spec in (OWN, OTHER, HOME):
                await create_organization(
                    session, Actor.system("e2e-test"), OrganizationSpec.from_mapping(spec)
                )
        await create_user(
            db, email=STAFF, organization_slug="refugio-uno", role="editor", password=PASSWORD
        )
        await create_user(db, email=ADMIN, organization_slug=None, role="admin", password=PASSWORD)
    finally:
        await db.dispose()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    reason = missing_piece() or (None if AXE.is_file() else "axe-core is missing: make assets")
    if reason:
        if os.environ.get("DIRECTORY_TEST_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    with running_service(tmp_path_factory.mktemp("workspace-e2e"), seed) as found:
        yield found


class Checks:
    """Scans every page visited: axe-core, 360 px horizontal scroll, cold page weight."""

    def __init__(self, axe_source: str) -> None:
        self.axe_source = axe_source
        self.results: list[tuple[str, int, list[str], bool, int]] = []

    def scan(self, page: Any, name: str) -> None:
        page.add_script_tag(content=self.axe_source)
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))"
        )
        bad = [
            f"{v['id']} ({v['impact']}, {v['nodes']})"
            for v in found
            if v["impact"] in ("serious", "critical")
        ]
        page.set_viewport_size({"width": 360, "height": 780})
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.set_viewport_size({"width": 1024, "height": 780})
        weight = page.evaluate(
            "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".reduce((n, e) => n + (e.decodedBodySize || 0), 0)"
        )
        self.results.append((name, len(found), bad, bool(fits), int(weight)))

    def report(self) -> None:
        print("\nworkspace pages: axe violations (serious/critical) · fits 360 px · HTML+CSS bytes")
        for name, total, bad, fits, weight in self.results:
            print(
                f"  {name:28} {total} total, serious/critical: {bad or 'none'} · {fits} · {weight}"
            )
        assert all(not bad for _n, _t, bad, _f, _w in self.results), self.results
        assert all(fits for _n, _t, _b, fits, _w in self.results), self.results
        assert all(w < MAX_PAGE_BYTES for _n, _t, _b, _f, w in self.results), self.results


def sign_in(page: Any, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{url}/manage")
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/manage$"))


PUBLIC_PHONES = (
    '{ organization(slug: "refugio-uno") { verification { confirmedAt } '
    "phones { number type hotline open24x7 languages visibility } } }"
)


def public_graphql(url: str) -> dict[str, Any]:
    response = httpx.post(f"{url}/graphql", json={"query": PUBLIC_PHONES}, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["organization"]
    return found


def test_workspace_in_the_browser(service: Service, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    url = service.url
    checks = Checks(AXE.read_text())
    blocked: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        # CSP is bypassed only so the test can inject axe-core; the service never serves it.
        context = browser.new_context(bypass_csp=True, java_script_enabled=True)
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(url)
                else (blocked.append(route.request.url), route.abort())
            ),
        )
        page = context.new_page()
        try:
            page.goto(url + "/")
            checks.scan(page, "landing /")
            page.goto(url + "/manage")
            checks.scan(page, "signed out /manage")
            page.get_by_role("link", name="Sign in", exact=True).click()
            checks.scan(page, "sign-in page")
            page.fill("#email", STAFF)
            page.fill("#password", PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(re.compile(r".*/manage$"))
            checks.scan(page, "staff home")

            page.goto(url + "/manage/o/refugio-uno")
            expect(page.locator("main")).to_contain_text("Mesa de atención")
            checks.scan(page, "listing (confidential view)")
            page.get_by_role("link", name="The public").click()
            expect(page.locator("main")).not_to_contain_text("Mesa de atención")
            expect(page.locator("main")).to_contain_text("Public: anyone can see this")
            checks.scan(page, "listing (public view)")

            # Edit: save a description.
            page.goto(url + "/manage/o/refugio-uno/edit")
            checks.scan(page, "edit organization")
            page.fill("#description", "Refugio y línea de ayuda 24 horas")
            page.get_by_role("button", name="Save changes").click()
            expect(page.locator("main")).to_contain_text("Your changes are saved.")

            # A stale second tab: the conflict page keeps its values.
            first = context.new_page()
            first.goto(url + "/manage/o/refugio-uno/edit")
            second = context.new_page()
            second.goto(url + "/manage/o/refugio-uno/edit")
            first.fill("#website", "https://refugio-uno.example")
            first.get_by_role("button", name="Save changes").click()
            expect(first.locator("main")).to_contain_text("Your changes are saved.")
            second.fill("#translations-en-name", "Shelter One")
            second.get_by_role("button", name="Save changes").click()
            expect(second.locator(".conflict")).to_contain_text("https://refugio-uno.example")
            expect(second.locator("#translations-en-name")).to_have_value("Shelter One")
            checks.scan(second, "conflict page")
            first.close()

            # An invalid value: inline message, summary linked to the field, values kept.
            second.fill("#website", "no es una dirección")
            second.fill("#translations-es-description", "Texto que no se pierde")
            second.get_by_role("button", name="Save changes").click()
            expect(second.locator(".error-summary a[href='#website']")).to_be_visible()
            expect(second.locator("#website")).to_have_attribute("aria-invalid", "true")
            expect(second.locator("#translations-es-description")).to_have_value(
                "Texto que no se pierde"
            )
            checks.scan(second, "edit with an error")
            second.close()

            # "Still accurate": one click records a confirmation (not a verification).
            page.goto(url + "/manage/o/refugio-uno")
            assert public_graphql(url)["verification"]["confirmedAt"] is None
            page.get_by_role("button", name="Still accurate").click()
            expect(page.locator("main")).to_contain_text("recorded as still accurate")
            checks.scan(page, "listing, confirmed")
            assert public_graphql(url)["verification"]["confirmedAt"] is not None

            # Change one phone number: the API returns it with its flags unchanged.
            before = {p["number"]: p for p in public_graphql(url)["phones"]}
            office = before["+528005533000"]
            card = page.locator("article", has_text="Oficina")
            card.locator("ul.items").get_by_role("link", name=re.compile("^Edit")).click()
            phone_url = page.url
            assert re.search(r"/manage/o/refugio-uno/phones/[0-9a-f-]+/edit$", phone_url)
            checks.scan(page, "edit phone")
            stale = context.new_page()
            stale.goto(phone_url)
            page.fill("#number", "+52 55 4000 1234")
            page.get_by_role("button", name="Save changes").click()
            expect(page.locator("main")).to_contain_text("Your changes are saved.")
            after = {p["number"]: p for p in public_graphql(url)["phones"]}
            assert "+528005533000" not in after
            changed = after["+525540001234"]
            assert {k: v for k, v in changed.items() if k != "number"} == {
                k: v for k, v in office.items() if k != "number"
            }
            assert changed["hotline"] is True

            # The stale second tab: conflict page, its values kept, nothing written.
            stale.fill("#number", "+52 55 4000 9999")
            stale.fill("#description", "Atendemos por la tarde")
            stale.get_by_role("button", name="Save changes").click()
            expect(stale.locator(".conflict")).to_be_visible()
            expect(stale.locator("#number")).to_have_value("+52 55 4000 9999")
            expect(stale.locator("#description")).to_have_value("Atendemos por la tarde")
            checks.scan(stale, "phone conflict page")
            assert "+525540009999" not in {p["number"] for p in public_graphql(url)["phones"]}

            # An invalid number: inline message and summary, values kept.
            stale.fill("#number", "no es un número")
            stale.get_by_role("button", name="Save changes").click()
            expect(stale.locator(".error-summary a[href='#number']")).to_be_visible()
            expect(stale.locator("#number")).to_have_attribute("aria-invalid", "true")
            expect(stale.locator("#number")).to_have_value("no es un número")
            expect(stale.locator("#description")).to_have_value("Atendemos por la tarde")
            checks.scan(stale, "phone edit with an error")
            stale.close()

            # Another organization's edit URL, or an id that is not ours: 404.
            phone_id = phone_url.rsplit("/", 2)[-2]
            for other in (
                f"/manage/o/refugio-dos/phones/{phone_id}/edit",
                "/manage/o/refugio-uno/phones/00000000-0000-4000-8000-000000000000/edit",
            ):
                response = page.goto(url + other)
                assert response is not None and response.status == 404, other

            # The other item pages: axe, 360 px, weight.
            for name, path in (
                ("add service", "/services/new"),
                ("add contact", "/contacts/new"),
                ("add place", "/locations/new"),
                ("add email", "/emails/new?owner=organization"),
                ("service areas", "/areas"),
            ):
                response = page.goto(url + "/manage/o/refugio-uno" + path)
                assert response is not None and response.status == 200, path
                checks.scan(page, name)
            page.goto(url + "/manage/o/refugio-uno")
            page.locator(
                "#services ~ article, section[aria-labelledby=services] article"
            ).first.get_by_role("link", name=re.compile("^Edit")).first.click()
            checks.scan(page, "edit service")

            page.goto(url + "/manage/o/refugio-uno/history")
            expect(page.locator("main")).to_contain_text(STAFF)
            checks.scan(page, "history")

            # Another organization's listing: 404.
            response = page.goto(url + "/manage/o/refugio-dos/edit")
            assert response is not None and response.status == 404
            checks.scan(page, "404 page")

            # A form posted without its CSRF token is refused.
            page.goto(url + "/manage/o/refugio-uno/edit")
            page.evaluate(
                "document.querySelectorAll('input[name=csrf_token]').forEach(e => e.remove())"
            )
            page.fill("#name", "Sin token")
            with page.expect_response(lambda r: r.request.method == "POST") as posted:
                page.get_by_role("button", name="Save changes").click()
            assert posted.value.status == 403
            expect(page.locator("h1")).to_have_text("Not allowed")

            page.goto(url + "/manage")
            page.get_by_role("button", name=re.compile("Sign out")).click()
            expect(page.locator("main")).to_contain_text("You are signed out.")

            # The administrator verifies a listing; it leaves the queue.
            sign_in(page, url, ADMIN)
            page.goto(url + "/manage/admin/queue")
            expect(page.locator("main")).to_contain_text("Refugio Uno")
            checks.scan(page, "verification queue")
            card = page.locator("section.card", has_text="Refugio Uno")
            card.get_by_label(re.compile("Note")).fill("Llamamos a la línea y respondió.")
            card.get_by_role("button", name="Verify").click()
            expect(page.locator("main")).to_contain_text("Decision recorded for refugio-uno")
            expect(page.locator("section.card h2", has_text="Refugio Uno")).to_have_count(0)

            # A new staff account and its one-time link.
            page.goto(url + "/manage/admin/accounts")
            checks.scan(page, "staff accounts")
            page.fill("#email", "luis@refugio-dos.example")
            page.fill("#organization", "refugio-dos")
            page.get_by_role("button", name=re.compile("Create")).click()
            link = page.locator("#link").input_value()
            checks.scan(page, "set-password link issued")
            page.goto(url + "/manage/admin/clients")
            checks.scan(page, "applications")
            page.get_by_role("button", name=re.compile("Sign out")).click()

            page.goto(link)
            checks.scan(page, "set password")
            page.fill("#password", "una contraseña muy larga")
            page.fill("#confirm", "una contraseña muy larga")
            page.get_by_role("button", name="Set password").click()
            expect(page.locator("main")).to_contain_text("You can sign in now")
            sign_in(page, url, "luis@refugio-dos.example", "una contraseña muy larga")
            expect(page.locator("main")).to_contain_text("Refugio Dos")
            page.goto(link)
            expect(page.locator("h1")).to_have_text("This link does not work")
        finally:
            context.close()
            browser.close()
    checks.report()
    assert blocked == []
