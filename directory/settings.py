"""Configuration read from the environment (see the README's table)."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/directory.db"


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value <= 3600:
        raise ValueError(f"{name} must be between 0 and 3600 seconds, got {raw!r}")
    return value


def _networks(env: dict[str, str], name: str) -> tuple[str, ...]:
    """Addresses or networks (``10.0.0.5``, ``172.28.0.0/24``), separated by commas or spaces."""
    found = []
    for item in (env.get(name) or "").replace(",", " ").split():
        try:
            found.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ValueError(f"{name}: {item!r} is not an IP address or network") from None
    return tuple(found)


@dataclass(frozen=True)
class Settings:
    """Everything the service reads from its environment, validated once at start."""

    database_url: str = DEFAULT_DATABASE_URL
    read_database_url: str | None = None
    issuer: str = "http://127.0.0.1:8000"
    signing_key: Path = Path("./var/signing-key.pem")
    anonymous_read: bool = True
    redis_url: str | None = None
    var_dir: Path = Path("./var")
    client_budget_per_hour: int = 5000
    anonymous_budget_per_hour: int = 1000
    access_token_lifetime: int = 900
    webhook_allow_private: bool = False
    """Let webhook URLs be plain http on loopback/private addresses (development, tests)."""
    embedded_worker: bool = True
    """Whether ``directory serve`` processes send webhook deliveries themselves."""
    query_timeout: float = 10.0
    """Seconds a GraphQL query may run before it is stopped."""
    statement_timeout: float = 5.0
    """Seconds one SQL statement may run on PostgreSQL (``statement_timeout``)."""
    workspace_idle_timeout: int = 1800
    """Seconds without a request after which a workspace (``/manage``) session ends."""
    trusted_proxies: tuple[str, ...] = ()
    """Networks whose X-Forwarded-For / Forwarded headers are believed (none by default)."""
    response_cache: bool = True
    """Whether GraphQL query answers are cached until the next change (``schema.response_cache``)."""
    compiled_executor: bool = True
    """Whether queries run on the compiled executor (``schema.execution``); off: graphql-core
    alone. Answers are the same either way."""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        var_dir = Path(env.get("DIRECTORY_VAR_DIR", "./var"))
        return cls(
            database_url=env.get("DIRECTORY_DATABASE_URL") or DEFAULT_DATABASE_URL,
            read_database_url=env.get("DIRECTORY_READ_DATABASE_URL") or None,
            issuer=(env.get("DIRECTORY_ISSUER") or "http://127.0.0.1:8000").rstrip("/"),
            signing_key=Path(env.get("DIRECTORY_SIGNING_KEY") or var_dir / "signing-key.pem"),
            anonymous_read=_bool(env.get("DIRECTORY_ANONYMOUS_READ"), True),
            redis_url=env.get("DIRECTORY_REDIS_URL") or None,
            var_dir=var_dir,
            client_budget_per_hour=_int(env, "DIRECTORY_CLIENT_BUDGET_PER_HOUR", 5000),
            anonymous_budget_per_hour=_int(env, "DIRECTORY_ANONYMOUS_BUDGET_PER_HOUR", 1000),
            access_token_lifetime=_int(env, "DIRECTORY_ACCESS_TOKEN_LIFETIME", 900),
            webhook_allow_private=_bool(env.get("DIRECTORY_WEBHOOK_ALLOW_PRIVATE"), False),
            embedded_worker=_bool(env.get("DIRECTORY_EMBEDDED_WORKER"), True),
            query_timeout=_seconds(env, "DIRECTORY_QUERY_TIMEOUT", 10.0),
            statement_timeout=_seconds(env, "DIRECTORY_STATEMENT_TIMEOUT", 5.0),
            workspace_idle_timeout=_int(env, "DIRECTORY_WORKSPACE_IDLE_TIMEOUT", 1800),
            trusted_proxies=_networks(env, "DIRECTORY_TRUSTED_PROXIES"),
            response_cache=_bool(env.get("DIRECTORY_RESPONSE_CACHE"), True),
            compiled_executor=_bool(env.get("DIRECTORY_COMPILED_EXECUTOR"), True),
        )
