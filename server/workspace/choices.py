"""Fields several item forms share: who sees an item (with a plain-words explanation of
each choice), yes/no/unknown answers, and languages."""

from __future__ import annotations

from directory.enums import Visibility
from server.workspace.forms import Field


def _(message: str) -> str:
    """Marks a message for the catalogue; the template translates it."""
    return message


VISIBILITY_CHOICES = [
    (Visibility.PUBLIC.value, _("Public")),
    (Visibility.PARTNERS.value, _("Partners only")),
    (Visibility.CONFIDENTIAL.value, _("Confidential")),
]
VISIBILITY_HINTS = {
    Visibility.PUBLIC.value: _(
        "Anyone can see it: the public directory, search engines, exports and every partner."
    ),
    Visibility.PARTNERS.value: _(
        "Only signed-in partner organizations and applications can see it; the public cannot."
    ),
    Visibility.CONFIDENTIAL.value: _(
        "Only your own staff, directory administrators and trusted partners with "
        "confidential access can see it. Use this for safe-house addresses and intake lines."
    ),
}


def visibility(group: str) -> Field:
    return Field(
        "visibility",
        _("Who can see it"),
        ("visibility",),
        kind="radio",
        choices=VISIBILITY_CHOICES,
        choice_hints=VISIBILITY_HINTS,
        required=True,
        group=group,
    )


YES_NO_UNKNOWN = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Not known"))]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def languages(group: str) -> Field:
    return Field(
        "languages",
        _("Languages spoken"),
        ("languages",),
        hint=_("Two-letter codes separated by commas, for example: es, en, fr"),
        group=group,
    )
