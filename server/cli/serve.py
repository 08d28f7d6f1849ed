"""``directory serve``: run the service under uvicorn."""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

from directory.settings import Settings
from server.cli import CliError
from server.logs import LEVELS, uvicorn_log_config


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("serve", help="serve the API over HTTP")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=1, help="number of service processes")
    parser.add_argument(
        "--shutdown-timeout",
        type=int,
        default=20,
        metavar="SECONDS",
        help="on SIGTERM, how long in-flight requests may take before they are cancelled",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not send webhook deliveries from the service processes (run `directory worker`)",
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LEVELS,
        default=(os.environ.get("DIRECTORY_LOG_LEVEL") or "INFO").upper(),
        help="JSON log lines on standard error from this level up (env DIRECTORY_LOG_LEVEL)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="only check that the database is usable and the port is free, then exit",
    )
    parser.set_defaults(handler=serve)


def ensure_port_free(host: str, port: int) -> None:
    """Refuse in one line when something already listens on ``host:port``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CliError(
                    f"port {port} on {host} is already in use (another directory serve?): "
                    "stop it or choose another port (PORT=8100 make run)"
                ) from None
            raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def served_issuer(host: str, port: int) -> str:
    """The issuer URL of a service listening on ``host:port`` (when DIRECTORY_ISSUER is
    unset): a wildcard address is reached through the loopback address."""
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    if args.workers < 1:
        raise ValueError("--workers must be at least 1")
    if args.shutdown_timeout < 0:
        raise ValueError("--shutdown-timeout must not be negative")
    if args.workers > 1 and not settings.redis_url:
        print(
            "directory: warning: several workers without DIRECTORY_REDIS_URL: "
            "each process counts cost budgets in its own memory",
            file=sys.stderr,
        )
    if args.no_worker:
        os.environ["DIRECTORY_EMBEDDED_WORKER"] = "false"  # read by each process's create_app
    ensure_port_free(args.host, args.port)
    if args.check:
        return 0
    if not os.environ.get("DIRECTORY_ISSUER"):
        # The worker processes build their settings from the environment they inherit.
        os.environ["DIRECTORY_ISSUER"] = served_issuer(args.host, args.port)
    metrics_dir = prepare_metrics_dir(args.workers)
    try:
        uvicorn.run(
            "server.asgi:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=uvicorn_log_config(args.log_level),
            # Forwarded headers are read by server.middleware.proxies, from DIRECTORY_TRUSTED_PROXIES only.
            proxy_headers=False,
            timeout_graceful_shutdown=args.shutdown_timeout,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def prepare_metrics_dir(workers: int) -> Path | None:
    """Give the worker processes a clean shared folder for their metric values.

    An operator's ``PROMETHEUS_MULTIPROC_DIR`` is emptied of the last run's files; with
    several workers and none set, a temporary folder is made (and returned, to be removed
    on exit). The workers inherit the variable.
    """
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if configured:
        folder = Path(configured)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
        return None
    if workers == 1:
        return None
    folder = Path(tempfile.mkdtemp(prefix="directory-metrics-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return folder
