"""The contact form (a person, role or desk; its phones and emails are edited one by one)
and the spec ``create_contact`` / ``update_contact`` take."""

from __future__ import annotations

from typing import Any

from directory.models import Contact
from server.workspace.choices import visibility
from server.workspace.forms import Field, changed, text_or_none


def _(message: str) -> str:
    """Marks a message for the catalogue; the template translates it."""
    return message


GROUP = _("Contact")


def fields() -> list[Field]:
    return [
        Field(
            "name",
            _("Name"),
            ("name",),
            hint=_("A name, a title or a department: at least one of the three."),
            group=GROUP,
        ),
        Field("title", _("Title or role"), ("title",), group=GROUP),
        Field("department", _("Department"), ("department",), group=GROUP),
        visibility(_("Who can see it")),
    ]


def blank() -> dict[str, str]:
    return {"name": "", "title": "", "department": "", "visibility": "CONFIDENTIAL"}


def initial(contact: Contact) -> dict[str, str]:
    return {
        "name": contact.name or "",
        "title": contact.title or "",
        "department": contact.department or "",
        "visibility": contact.visibility,
    }


def spec(values: dict[str, str]) -> dict[str, Any]:
    return {
        "name": text_or_none(values["name"]),
        "title": text_or_none(values["title"]),
        "department": text_or_none(values["department"]),
        "visibility": values["visibility"] or "CONFIDENTIAL",
    }


def changes(values: dict[str, str], before: dict[str, str]) -> dict[str, Any]:
    return changed(spec(values), spec(before))
