"""The GraphiQL page and its files, without a browser: same-origin only, and a fallback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec
from directory.settings import Settings
from server.asgi import create_app
from server.graphiql import (
    ASSETS_ENV,
    CONTENT_SECURITY_POLICY,
    DEFAULT_QUERY,
    VENDORED,
    assets_dir,
    graphiql_page,
    graphiql_routes,
)

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}

ORGANIZATION = {
    "slug": "refugio-nandu-de-prueba",
    "name": "Refugio Ñandú de Prueba",
    "country": "MX",
    "language": "es",
    "service_areas": [{"code": "MX-CMX"}],
    "services": [{"name": "Línea de ayuda", "categories": ["hotline"]}],
    "contacts": [{"name": "Mesa", "phones": [{"number": "800 55 33 000", "hotline": True}]}],
}


class Links(HTMLParser):
    """Every URL the page would load: src and href attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in {"src", "href"} and value]


def links(page: str) -> list[str]:
    parser = Links()
    parser.feed(page)
    return parser.urls


@pytest.fixture
def fake_assets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A node_modules folder holding the allow-listed files (and one that is not)."""
    root = tmp_path / "node_modules"
    for asset in VENDORED:
        (root / asset.path).parent.mkdir(parents=True, exist_ok=True)
        (root / asset.path).write_text(f"/* {asset.name} */\n", encoding="utf-8")
    (root / "graphiql" / "package.json").write_text('{"version": "3.9.0"}', encoding="utf-8")
    (root / "react" / "package.json").write_text('{"version": "18.3.1"}', encoding="utf-8")
    (root / "secret.txt").write_text("not for the web", encoding="utf-8")
    monkeypatch.setenv(ASSETS_ENV, str(root))
    return root


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    """The page as the GraphQL endpoint serves it to a browser, and the asset routes."""
    app = Starlette(routes=[Route("/graphql", graphiql_page), *graphiql_routes()])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_browser_get_of_graphql_loads_only_same_origin_files(
    http: httpx.AsyncClient, fake_assets: Path
) -> None:
    response = await http.get("/graphql", headers=HTML)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    urls = links(response.text)
    assert any("graphiql.min.js" in url for url in urls)
    for url in urls:
        assert url.startswith("data:") or (url.startswith("/") and not url.startswith("//")), url
        if url.startswith("/"):
            served = await http.get(url)
            assert served.status_code == 200, url
    assert "http://" not in response.text and "https://" not in response.text
    policy = response.headers["content-security-policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "http" not in policy and "*" not in policy


async def test_page_enables_the_headers_editor_and_a_default_query(
    http: httpx.AsyncClient, fake_assets: Path
) -> None:
    page = (await http.get("/graphql", headers=HTML)).text
    start = next(url for url in links(page) if "graphiql-start.js" in url)
    script = (await http.get(start)).text

    assert "isHeadersEditorEnabled: true" in script
    assert "shouldPersistHeaders: false" in script
    assert "organizations(first: 5)" in page
    assert "Authorization" in page


async def test_asset_route_serves_javascript_and_css_with_their_types(
    http: httpx.AsyncClient, fake_assets: Path
) -> None:
    script = await http.get("/graphiql-assets/graphiql.min.js")
    react = await http.get("/graphiql-assets/react.production.min.js")
    style = await http.get("/graphiql-assets/graphiql.min.css")

    assert script.status_code == 200 and script.text == "/* graphiql.min.js */\n"
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert react.headers["content-type"] == "text/javascript; charset=utf-8"
    assert style.headers["content-type"] == "text/css; charset=utf-8"
    assert script.headers["x-content-type-options"] == "nosniff"


async def test_asset_route_serves_nothing_off_its_allow_list(
    http: httpx.AsyncClient, fake_assets: Path
) -> None:
    for path in [
        "/graphiql-assets/secret.txt",
        "/graphiql-assets/package.json",
        "/graphiql-assets/..%2Fsecret.txt",
        "/graphiql-assets/graphiql%2Fpackage.json",
        "/graphiql-assets/graphiql/graphiql.min.js",
    ]:
        response = await http.get(path)
        assert response.status_code == 404, path
        assert "not for the web" not in response.text


async def test_without_assets_the_page_says_how_to_install_them(
    http: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ASSETS_ENV, str(tmp_path / "nowhere"))

    page = await http.get("/graphql", headers=HTML)
    script = await http.get("/graphiql-assets/graphiql.min.js")

    assert page.status_code == 200
    assert "make assets" in page.text and "npm" in page.text
    assert "graphiql/graphiql.min.js" in page.text
    assert [url for url in links(page.text) if not url.startswith("data:")] == []
    assert script.status_code == 404


def test_assets_are_found_from_the_repository_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ASSETS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)

    assert assets_dir() == Path(__file__).resolve().parents[2] / "web" / "node_modules"


async def test_the_service_serves_the_assets(
    settings: Settings, tmp_path: Path, fake_assets: Path
) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")
    transport = httpx.ASGITransport(app=create_app(settings, database=database))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        script = await client.get("/graphiql-assets/graphiql-start.js")
    await database.dispose()

    assert script.status_code == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "GraphiQL.createFetcher" in script.text


async def test_a_browser_get_of_the_graphql_endpoint_gets_graphiql(
    client: httpx.AsyncClient, fake_assets: Path
) -> None:
    page = await client.get("/graphql", headers=HTML)

    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert any("graphiql.min.js" in url for url in links(page.text))


async def test_the_default_query_shows_the_directory(
    db: Database, client: httpx.AsyncClient
) -> None:
    async with db.write() as session:
        await create_organization(
            session, Actor.system("test"), OrganizationSpec.from_mapping(ORGANIZATION)
        )

    response = await client.post("/graphql", json={"query": DEFAULT_QUERY})

    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    [found] = body["data"]["organizations"]["nodes"]
    assert found["name"] == "Refugio Ñandú de Prueba"
    assert [area["code"] for area in found["jurisdictions"]] == ["MX-CMX"]
    assert [service["name"] for service in found["services"]["nodes"]] == ["Línea de ayuda"]
