"""The official HSDS 3.0 JSON Schemas, found on disk (they are not shipped with us).

Looked up in the folder given, else ``DIRECTORY_HSDS_SCHEMAS``, else ``../shared/hsds-3.0``
next to the project. Without them, import checks the few things the mapping relies on
(ids, names, lists) with a small built-in schema, and says so in its report.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

PROJECT_ROOT = Path(__file__).resolve().parents[2]

FALLBACK: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        **{
            name: {"type": "array", "items": {"type": "object", "required": ["id"]}}
            for name in ("services", "contacts", "phones", "locations", "attributes")
        },
    },
}


def schema_folder(given: Path | None = None) -> Path | None:
    candidates = [
        given,
        Path(os.environ["DIRECTORY_HSDS_SCHEMAS"])
        if os.environ.get("DIRECTORY_HSDS_SCHEMAS")
        else None,
        PROJECT_ROOT.parent / "shared" / "hsds-3.0",
    ]
    for folder in candidates:
        if folder is not None and (folder / "compiled" / "organization.json").is_file():
            return folder
    return None


@cache
def _validator(path: str | None) -> Draft202012Validator:
    if path is None:
        return Draft202012Validator(FALLBACK)
    schema = json.loads(Path(path).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def organization_validator(folder: Path | None) -> Draft202012Validator:
    """A validator for ``compiled/organization.json`` (or the fallback)."""
    return _validator(str(folder / "compiled" / "organization.json") if folder else None)
