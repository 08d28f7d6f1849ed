"""The GraphiQL explorer, served entirely by this service so it works with no internet access.

GraphiQL and React come from the npm registry through ``web/package-lock.json`` (``make
assets``). Only an allow-list of their prebuilt browser files is served, under
``/graphiql-assets/``; the page loads nothing from anywhere else, and its Content Security
Policy tells the browser to refuse anything that would. Where the files are not installed,
the page says how to install them and the API keeps working.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from pathlib import Path
from string import Template

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

ASSETS_ENV = "DIRECTORY_GRAPHIQL_ASSETS"
"""Environment variable naming the ``node_modules`` folder to serve GraphiQL from."""

ASSET_PREFIX = "/graphiql-assets"
HERE = Path(__file__).resolve().parent
DEFAULT_ASSETS = HERE.parent / "web" / "node_modules"

JS = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"


@dataclass(frozen=True)
class Asset:
    """One file the page loads: its public name, where it lives, and its media type."""

    name: str
    path: str
    media_type: str
    installed: bool = True  # False for the files shipped with this package


VENDORED = (
    Asset("react.production.min.js", "react/umd/react.production.min.js", JS),
    Asset("react-dom.production.min.js", "react-dom/umd/react-dom.production.min.js", JS),
    Asset("graphiql.min.js", "graphiql/graphiql.min.js", JS),
    Asset("graphiql.min.css", "graphiql/graphiql.min.css", CSS),
)
START = Asset("graphiql-start.js", "graphiql.js", JS, installed=False)
ASSETS = {asset.name: asset for asset in (*VENDORED, START)}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        # CodeMirror and GraphiQL set inline styles; fonts and icons are data: URLs in the CSS.
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self' data:",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}

DEFAULT_QUERY = """\
# Partner Directory GraphQL API.
# Run with Ctrl-Enter or the run button.
# The Docs pane (top left) describes every field.
# With a token, paste into the Headers tab below:
#   {"Authorization": "Bearer YOUR_ACCESS_TOKEN"}
query FirstOrganizations {
  organizations(first: 5) {
    totalCount
    nodes {
      name
      jurisdictions {
        code
        name
      }
      services(first: 5) {
        nodes {
          name
        }
      }
      phones {
        number
      }
    }
  }
}
"""


def assets_dir() -> Path:
    """Where the installed npm packages are: ``$DIRECTORY_GRAPHIQL_ASSETS`` or ``web/node_modules``."""
    configured = os.environ.get(ASSETS_ENV)
    return Path(configured).expanduser().resolve() if configured else DEFAULT_ASSETS


def asset_file(asset: Asset, root: Path) -> Path:
    return root / asset.path if asset.installed else HERE / asset.path


def missing_assets(root: Path) -> list[str]:
    """The vendored files that are not installed under ``root`` (empty when all are)."""
    return [asset.path for asset in VENDORED if not asset_file(asset, root).is_file()]


def _version(root: Path, package: str) -> str:
    try:
        found = json.loads((root / package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "0"
    return str(found.get("version", "0")) if isinstance(found, dict) else "0"


def _template(name: str) -> Template:
    return Template((HERE / name).read_text(encoding="utf-8"))


async def graphiql_page(request: Request) -> Response:
    """GraphiQL for a browser GET of the GraphQL endpoint, or how to install it."""
    root = assets_dir()
    missing = missing_assets(root)
    if missing:
        page = _template("graphiql_missing.html").substitute(
            endpoint=html.escape(request.url.path),
            url=html.escape(str(request.url.replace(query="", fragment=""))),
            assets=html.escape(str(root)),
            missing=", ".join(html.escape(path) for path in missing),
            env=ASSETS_ENV,
        )
        return HTMLResponse(page, headers=PAGE_HEADERS)
    # The version in each URL makes a browser fetch new files after `make assets` upgrades.
    version = f"{_version(root, 'graphiql')}-{_version(root, 'react')}"
    urls = {name: f"{ASSET_PREFIX}/{name}?v={version}" for name in ASSETS}
    config = {"endpoint": request.url.path, "defaultQuery": DEFAULT_QUERY}
    # JSON inside <script type="application/json">: "<" escaped so "</script>" cannot appear.
    config_json = json.dumps(config).replace("<", "\\u003c")
    page = _template("graphiql.html").substitute(
        css=html.escape(urls["graphiql.min.css"]),
        react=html.escape(urls["react.production.min.js"]),
        react_dom=html.escape(urls["react-dom.production.min.js"]),
        graphiql=html.escape(urls["graphiql.min.js"]),
        start=html.escape(urls["graphiql-start.js"]),
        config=config_json,
    )
    return HTMLResponse(page, headers=PAGE_HEADERS)


async def graphiql_asset(request: Request) -> Response:
    """One allow-listed GraphiQL or React file; anything else is 404."""
    asset = ASSETS.get(request.path_params["name"])
    path = asset_file(asset, assets_dir()) if asset else None
    if asset is None or path is None or not path.is_file():
        return PlainTextResponse("not found", status_code=404)
    return FileResponse(
        path,
        media_type=asset.media_type,
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


def graphiql_routes() -> list[BaseRoute]:
    """The routes that serve GraphiQL's files; the page itself is served by ``/graphql``."""
    return [Route(ASSET_PREFIX + "/{name}", graphiql_asset, methods=["GET", "HEAD"])]
