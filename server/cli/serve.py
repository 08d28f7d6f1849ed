"""``directory serve``: run the service under uvicorn."""

from __future__ import annotations

import argparse
import os

from directory.settings import Settings
from server.logs import UVICORN_LOG_CONFIG


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("serve", help="serve the API over HTTP")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=1, help="number of service processes")
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    if args.workers < 1:
        raise ValueError("--workers must be at least 1")
    uvicorn.run(
        "server.asgi:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=UVICORN_LOG_CONFIG,
        proxy_headers=True,
        timeout_graceful_shutdown=20,
    )
    return 0
