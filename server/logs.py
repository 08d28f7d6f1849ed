"""Structured JSON log lines on standard error."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

from server.middleware.request_id import current_request_id

_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}
_SECRET_WORDS = ("token", "secret", "password", "authorization", "cookie", "verifier")
_SECRET_NAMES = {"code", "auth_code", "grant_code", "credentials", "key", "private_key"}


def _is_secret_field(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SECRET_NAMES or any(word in lowered for word in _SECRET_WORDS)


def _access_fields(record: logging.LogRecord) -> dict[str, Any] | None:
    """uvicorn's access line without its query string (it may carry codes or variables)."""
    args = record.args
    if record.name != "uvicorn.access" or not isinstance(args, tuple) or len(args) != 5:
        return None
    client, method, path, _version, status = args
    path = str(path).split("?", 1)[0]
    return {
        "message": f"{method} {path} {status}",
        "client": client,
        "method": method,
        "path": path,
        "status": status,
    }


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message and any
    ``extra`` fields. An ``extra`` field named like a credential (token, secret, password,
    authorization, code, key…) is written as ``"[redacted]"``; uvicorn's access line loses its
    query string."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        request_id = current_request_id()
        if request_id:
            entry["request_id"] = request_id
        access = _access_fields(record)
        if access is None:
            entry["message"] = record.getMessage()
        else:
            entry.update(access)
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = "[redacted]" if _is_secret_field(key) else value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LIBRARY_FLOORS = {
    "authlib": "INFO",  # at DEBUG it logs issued tokens and client records
    "python_multipart": "INFO",  # at DEBUG it traces form fields (passwords, codes)
    "multipart": "INFO",
    "joserfc": "INFO",
    "redis": "INFO",
    "asyncpg": "INFO",
    "sqlalchemy": "WARNING",  # at INFO it logs every statement with its parameters
}
"""Libraries that see credentials or row values never log below these levels, whatever
the service's level: ``--log-level DEBUG`` is safe to switch on in production."""


def configure(level: str = "INFO") -> None:
    """Send every log record (ours, uvicorn's, SQLAlchemy's warnings) as JSON to stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    for name, floor in LIBRARY_FLOORS.items():
        logging.getLogger(name).setLevel(floor)


def uvicorn_log_config(level: str = "INFO") -> dict[str, Any]:
    """uvicorn's ``log_config``: every record as one JSON line on standard error."""
    level = level.upper()
    if level not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, got {level!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "server.logs.JsonFormatter"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": True},
            **{name: {"level": floor} for name, floor in LIBRARY_FLOORS.items()},
        },
    }


UVICORN_LOG_CONFIG: dict[str, Any] = uvicorn_log_config("INFO")
