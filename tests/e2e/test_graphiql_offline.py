"""GraphiQL works with no internet access: the real service, a real browser, the network cut.

The service runs under uvicorn in its own process on a temporary SQLite database holding one
organization. Headless Chromium (Debian's ``chromium``) opens ``/graphql`` with every request
that is not to 127.0.0.1 aborted and recorded, runs the default query and must show the
organization's name, with no request having tried to leave the machine.

Skips when Chromium, Playwright or the GraphiQL assets (``make assets``) are missing, unless
``DIRECTORY_TEST_REQUIRE_BROWSER`` is set (CI sets it), where a missing piece fails instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec
from directory.migrate import upgrade
from server.graphiql import assets_dir, missing_assets
from tests.e2e.service import Service, running_service

CHROMIUM = os.environ.get("DIRECTORY_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
]
LOOPBACK = {"127.0.0.1"}
NAME = "Refugio Ñandú Sin Red"
ORGANIZATION = {
    "slug": "refugio-nandu-sin-red",
    "name": NAME,
    "country": "MX",
    "language": "es",
    "service_areas": [{"code": "MX-CMX"}],
    "services": [{"name": "Línea de ayuda", "categories": ["hotline"]}],
    "contacts": [{"name": "Mesa", "phones": [{"number": "800 55 33 000", "hotline": True}]}],
}


def missing_piece() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    if not Path(CHROMIUM).is_file():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[test]')"
    missing = missing_assets(assets_dir())
    if missing:
        return f"GraphiQL assets are not installed ({', '.join(missing)}): run `make assets`"
    return None


@pytest.fixture(scope="module")
def browser_ready() -> None:
    reason = missing_piece()
    if reason is None:
        return
    if os.environ.get("DIRECTORY_TEST_REQUIRE_BROWSER"):
        pytest.fail(f"DIRECTORY_TEST_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


async def seed(url: str) -> None:
    """Migrate the database and add one organization, as the service itself would."""
    db = Database(url)
    try:
        await upgrade(db.engine)
        async with db.write() as session:
            await create_organization(
                session, Actor.system("e2e-test"), OrganizationSpec.from_mapping(ORGANIZATION)
            )
    finally:
        await db.dispose()


@pytest.fixture(scope="module")
def service(browser_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The real service under uvicorn, in its own process, run from an unrelated folder."""
    with running_service(tmp_path_factory.mktemp("e2e-service"), seed) as found:
        yield found


@dataclass
class Traffic:
    """Every request the page made, and the ones that tried to leave the machine."""

    seen: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def is_graphql_post(request: Any) -> bool:
    return request.method == "POST" and urlsplit(request.url).path == "/graphql"


def test_graphiql_runs_the_default_query_with_the_network_cut(
    service: Service, tmp_path: Path
) -> None:
    from playwright.sync_api import Route, expect, sync_playwright

    traffic = Traffic()

    def guard(route: Route) -> None:
        request = route.request
        traffic.seen.append(request.url)
        if urlsplit(request.url).hostname not in LOOPBACK:
            traffic.blocked.append(request.url)
            route.abort("blockedbyclient")
            return
        route.continue_()

    profile = tmp_path / "chromium-profile"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            service_workers="block",
        )
        try:
            context.route("**/*", guard)
            context.on("weberror", lambda error: traffic.console_errors.append(str(error.error)))
            page = context.pages[0] if context.pages else context.new_page()
            page.on(
                "console",
                lambda message: (
                    traffic.console_errors.append(message.text) if message.type == "error" else None
                ),
            )
            page.on("websocket", lambda socket: traffic.blocked.append(socket.url))

            response = page.goto(f"{service.url}/graphql", wait_until="load")
            assert response is not None and response.status == 200
            run = page.locator(".graphiql-execute-button")
            expect(run).to_be_visible(timeout=20_000)
            run.click()
            result = page.locator(".graphiql-response")
            expect(result).to_contain_text(NAME, timeout=20_000)
            expect(result).to_contain_text("MX-CMX")
            expect(result).to_contain_text("Línea de ayuda")

            # The schema loaded too: the Docs pane, GraphiQL's manual, lists the types.
            page.get_by_role("button", name="Show Documentation Explorer").click()
            expect(page.locator(".graphiql-doc-explorer")).to_contain_text("Organization")

            # The page loaded and ran without a browser error (a refused token below may log one).
            errors = list(traffic.console_errors)

            # The headers editor sends what a user pastes there, e.g. a bearer token.
            page.get_by_role("button", name="Headers").click()
            page.locator(".graphiql-editor-tool .CodeMirror").last.click()
            page.keyboard.insert_text('{"Authorization": "Bearer pasted-in-graphiql"}')
            with page.expect_request(is_graphql_post) as sent:
                run.click()
            authorization = sent.value.all_headers().get("authorization")
        finally:
            context.close()

    service_log = service.log.read_text(errors="replace")
    assert traffic.blocked == [], f"requests tried to leave the machine: {traffic.blocked}"
    assert traffic.seen, "the guard saw no request"
    assert all(urlsplit(url).netloc == urlsplit(service.url).netloc for url in traffic.seen)
    assert errors == [], f"browser errors: {errors}\n{service_log}"
    assert authorization == "Bearer pasted-in-graphiql"
