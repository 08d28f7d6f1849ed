"""The email form and the spec ``create_email`` / ``update_email`` take."""

from __future__ import annotations

from typing import Any

from directory.models import Email
from server.workspace.choices import visibility
from server.workspace.forms import Field, changed, text_or_none


def _(message: str) -> str:
    """Marks a message for the catalogue; the template translates it."""
    return message


GROUP = _("Email")


def fields() -> list[Field]:
    return [
        Field("address", _("Email address"), ("address",), required=True, group=GROUP),
        Field("description", _("Notes for senders"), ("description",), "textarea", group=GROUP),
        visibility(_("Who can see it")),
    ]


def blank() -> dict[str, str]:
    return {"address": "", "description": "", "visibility": "CONFIDENTIAL"}


def initial(email: Email) -> dict[str, str]:
    return {
        "address": email.address,
        "description": email.description or "",
        "visibility": email.visibility,
    }


def spec(values: dict[str, str]) -> dict[str, Any]:
    return {
        "address": text_or_none(values["address"]),
        "description": text_or_none(values["description"]),
        "visibility": values["visibility"] or "CONFIDENTIAL",
    }


def changes(values: dict[str, str], before: dict[str, str]) -> dict[str, Any]:
    return changed(spec(values), spec(before))
