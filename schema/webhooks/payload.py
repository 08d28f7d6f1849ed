"""The body of one webhook delivery: thin on purpose, nothing confidential ever travels.

``{"type": "organization.updated", "timestamp": …, "data": {"changeId", "organizationId",
"version", "kind", "cursor"}}``: the partner fetches the new state with its own token, and
can resume the ``changes`` feed ``after: cursor`` after any gap.
"""

from __future__ import annotations

from typing import Any

from directory.models import ChangeEvent
from schema.ids import encode
from schema.pagination import encode_cursor


def event_payload(event: ChangeEvent) -> dict[str, Any]:
    return {
        "type": f"organization.{event.kind.lower()}",
        "timestamp": event.at.isoformat().replace("+00:00", "Z"),
        "data": {
            "changeId": encode("Change", event.id),
            "organizationId": encode("Organization", event.organization_id),
            "version": event.version,
            "kind": event.kind,
            "cursor": encode_cursor("changes", event.id),
        },
    }
