"""The phone form: its fields, their values from a stored phone, and the spec
``create_phone`` / ``update_phone`` take (the one adapter from form values)."""

from __future__ import annotations

from typing import Any

from directory.enums import PhoneType
from directory.models import Phone
from server.workspace.choices import YES_NO, YES_NO_UNKNOWN, languages, visibility
from server.workspace.forms import (
    Field,
    changed,
    codes,
    from_yes_no_unknown,
    text_or_none,
    yes_no_unknown,
)


def _(message: str) -> str:
    """Marks a message for the catalogue; the template translates it."""
    return message


GROUP = _("Phone")
TYPE_LABELS = {
    "voice": _("Voice calls"),
    "sms": _("Text messages (SMS)"),
    "whatsapp": _("WhatsApp"),
    "tty": _("TTY (text telephone)"),
    "fax": _("Fax"),
}


def fields() -> list[Field]:
    return [
        Field(
            "number",
            _("Number"),
            ("number",),
            hint=_("With the country code for numbers abroad, for example +52 55 5555 1234."),
            required=True,
            group=GROUP,
        ),
        Field("extension", _("Extension"), ("extension",), group=GROUP),
        Field(
            "type",
            _("Kind of line"),
            ("type",),
            kind="select",
            choices=[(t.value, TYPE_LABELS[t.value]) for t in PhoneType],
            group=GROUP,
        ),
        Field("description", _("Notes for callers"), ("description",), "textarea", group=GROUP),
        Field("hotline", _("Is it a hotline?"), ("hotline",), "radio", YES_NO, group=GROUP),
        Field(
            "open24x7",
            _("Answered 24 hours a day, 7 days a week?"),
            ("open24x7",),
            "radio",
            YES_NO_UNKNOWN,
            group=GROUP,
        ),
        languages(GROUP),
        visibility(_("Who can see it")),
    ]


def blank() -> dict[str, str]:
    return {
        "number": "",
        "extension": "",
        "type": "voice",
        "description": "",
        "hotline": "no",
        "open24x7": "unknown",
        "languages": "",
        "visibility": "CONFIDENTIAL",
    }


def initial(phone: Phone) -> dict[str, str]:
    return {
        "number": phone.display,
        "extension": phone.extension or "",
        "type": phone.type,
        "description": phone.description or "",
        "hotline": "yes" if phone.is_hotline else "no",
        "open24x7": from_yes_no_unknown(phone.is_24_7),
        "languages": ", ".join(phone.languages or []),
        "visibility": phone.visibility,
    }


def spec(values: dict[str, str]) -> dict[str, Any]:
    """Form values → the domain's phone spec. A visibility left unchosen is CONFIDENTIAL:
    leaving it out must never make a number public."""
    return {
        "number": text_or_none(values["number"]),
        "extension": text_or_none(values["extension"]),
        "type": values["type"] or None,
        "description": text_or_none(values["description"]),
        "hotline": values["hotline"] == "yes",
        "open24x7": yes_no_unknown(values["open24x7"]),
        "languages": codes(values["languages"]),
        "visibility": values["visibility"] or "CONFIDENTIAL",
    }


def changes(values: dict[str, str], before: dict[str, str]) -> dict[str, Any]:
    """Only what the person changed, for ``update_phone``: the other flags stay as stored.
    A new number takes the extension field with it (the domain resets it otherwise)."""
    now = spec(values)
    found = changed(now, spec(before))
    if "number" in found:
        found["extension"] = now["extension"]
    return found
