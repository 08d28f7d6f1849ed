"""Log lines are JSON and keep credentials and query strings out."""

from __future__ import annotations

import json
import logging

from server.logs import JsonFormatter


def formatted(record: logging.LogRecord) -> dict[str, object]:
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return dict(json.loads(line))


def test_access_lines_lose_their_query_string() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("203.0.113.9:5123", "GET", "/graphql?query=x&access_token=CANARY-TOKEN", "1.1", 200),
        None,
    )
    entry = formatted(record)
    assert "CANARY-TOKEN" not in json.dumps(entry)
    assert entry["path"] == "/graphql"
    assert entry["status"] == 200
    assert entry["message"] == "GET /graphql 200"


def test_extra_fields_named_like_credentials_are_redacted() -> None:
    record = logging.makeLogRecord(
        {
            "name": "auth",
            "levelname": "INFO",
            "msg": "token issued",
            "access_token": "CANARY-TOKEN",
            "client_secret": "CANARY-SECRET",
            "password": "CANARY-PASSWORD",
            "code": "CANARY-CODE",
            "client_id": "hotline-mx",
        }
    )
    entry = formatted(record)
    assert "CANARY" not in json.dumps(entry)
    assert entry["client_id"] == "hotline-mx"
