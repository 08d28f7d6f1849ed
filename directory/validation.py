"""Field validators shared by every write path (GraphQL mutations, demo data, import, CLI).

Each check appends a :class:`Problem` instead of raising, so one call reports every bad
field at once; writers refuse to touch the database while any problem is present.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from directory.enums import Visibility
from directory.errors import InvalidInput, Problem, ProblemCode
from directory.messages import say
from directory.phones import NormalizedPhone, PhoneNumberError, normalize_phone
from directory.vocab.categories import SERVICE_CATEGORIES
from directory.vocab.jurisdictions import COUNTRIES, Jurisdiction, get_jurisdiction
from directory.vocab.languages import is_language_code
from directory.vocab.populations import POPULATIONS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(
    r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
HOUR_RE = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

Path = tuple[str | int, ...]


@dataclass
class Checker:
    """Collects problems while values are checked and normalized."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path, message: str, code: str = ProblemCode.INVALID) -> None:
        self.problems.append(Problem(tuple(str(p) for p in path), message, code))

    def refuse(self, path: Path, message_id: str, **params: object) -> None:
        """An ``INVALID`` problem whose message is the catalogue's ``message_id``."""
        self.problems.append(
            Problem(
                tuple(str(p) for p in path),
                say(message_id, None, **params),
                ProblemCode.INVALID,
                message_id,
                tuple((k, str(v)) for k, v in params.items()),
            )
        )

    @property
    def ok(self) -> bool:
        return not self.problems

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)

    # --- scalar checks; each returns the normalized value or None -------------------

    def text(
        self, path: Path, value: Any, *, max_length: int, required: bool = False
    ) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.refuse(path, "invalid.required")
            return None
        if not isinstance(value, str):
            self.refuse(path, "invalid.text")
            return None
        value = value.strip()
        if len(value) > max_length:
            self.refuse(path, "invalid.too_long", limit=max_length)
            return None
        return value

    def texts(self, path: Path, values: Any, *, max_length: int, max_items: int = 20) -> list[str]:
        if values is None:
            return []
        if not isinstance(values, list | tuple):
            self.refuse(path, "invalid.list")
            return []
        if len(values) > max_items:
            self.refuse(path, "invalid.too_many", limit=max_items)
        found = [
            self.text((*path, i), v, max_length=max_length, required=True)
            for i, v in enumerate(values)
        ]
        return [v for v in found if v]

    def unknown_or_bool(self, path: Path, value: Any) -> bool | None:
        """True, false, or None for "not known"."""
        if value is None or isinstance(value, bool):
            return value
        self.add(path, "must be true, false or null (unknown)")
        return None

    def choice(
        self, path: Path, value: Any, allowed: Iterable[str], *, default: str | None = None
    ) -> str | None:
        if value is None:
            return default
        options = list(allowed)
        if value not in options:
            self.refuse(path, "invalid.one_of", options=", ".join(options))
            return None
        return str(value)

    def codes(self, path: Path, values: Any, allowed: Iterable[str], what: str) -> list[str]:
        if values is None:
            return []
        if not isinstance(values, list | tuple):
            self.refuse(path, "invalid.list")
            return []
        options = set(allowed)
        kept: list[str] = []
        for i, value in enumerate(values):
            if value not in options:
                self.add((*path, i), f"{value!r} is not a known {what} code")
            elif value not in kept:
                kept.append(value)
        return kept

    def categories(self, path: Path, values: Any) -> list[str]:
        return self.codes(path, values, SERVICE_CATEGORIES, "service category")

    def populations(self, path: Path, values: Any) -> list[str]:
        return self.codes(path, values, POPULATIONS, "population")

    def language(self, path: Path, value: Any, *, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.refuse(path, "invalid.required")
            return None
        if not isinstance(value, str) or not is_language_code(value):
            self.add(path, f"{value!r} is not an ISO 639-1 language code")
            return None
        return value

    def languages(self, path: Path, values: Any) -> list[str]:
        if values is None:
            return []
        if not isinstance(values, list | tuple):
            self.refuse(path, "invalid.list")
            return []
        found = [self.language((*path, i), v) for i, v in enumerate(values)]
        return list(dict.fromkeys(v for v in found if v))

    def country(self, path: Path, value: Any, *, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.refuse(path, "invalid.required")
            return None
        if value not in COUNTRIES:
            self.add(path, f"must be one of: {', '.join(COUNTRIES)}")
            return None
        return str(value)

    def jurisdiction(self, path: Path, value: Any) -> Jurisdiction | None:
        found = get_jurisdiction(value) if isinstance(value, str) else None
        if found is None or found.code != value:
            self.add(
                path, f"{value!r} is not a country (MX, US, CA) or an ISO 3166-2 subdivision of one"
            )
            return None
        return found

    def slug(self, path: Path, value: Any) -> str | None:
        text = self.text(path, value, max_length=80, required=True)
        if text is not None and not SLUG_RE.match(text):
            self.refuse(path, "invalid.slug")
            return None
        return text

    def url(self, path: Path, value: Any) -> str | None:
        text = self.text(path, value, max_length=500)
        if text is None:
            return None
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            self.refuse(path, "invalid.url")
            return None
        return text

    def email(self, path: Path, value: Any) -> str | None:
        text = self.text(path, value, max_length=320, required=True)
        if text is not None and not EMAIL_RE.match(text):
            self.refuse(path, "invalid.email", value=repr(text))
            return None
        return text

    def phone(self, path: Path, value: Any, country: str | None) -> NormalizedPhone | None:
        text = self.text(path, value, max_length=40, required=True)
        if text is None:
            return None
        try:
            return normalize_phone(text, country)
        except PhoneNumberError as exc:
            self.add(path, str(exc))
            return None

    def visibility(
        self, path: Path, value: Any, default: Visibility = Visibility.PUBLIC
    ) -> str | None:
        return self.choice(path, value, [v.value for v in Visibility], default=default.value)

    def coordinate(self, path: Path, value: Any, limit: float) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(path, "must be a number")
            return None
        if not -limit <= float(value) <= limit:
            self.add(path, f"must be between -{limit:g} and {limit:g}")
            return None
        return float(value)

    def timezone(self, path: Path, value: Any) -> str | None:
        text = self.text(path, value, max_length=64)
        if text is None:
            return None
        try:
            zoneinfo.ZoneInfo(text)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.add(path, f"{text!r} is not an IANA time zone")
            return None
        return text

    def hours(self, path: Path, value: Any) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.refuse(path, "invalid.list")
            return []
        kept: list[dict[str, Any]] = []
        for i, item in enumerate(value):
            days = item.get("days") if isinstance(item, dict) else None
            opens = item.get("opens") if isinstance(item, dict) else None
            closes = item.get("closes") if isinstance(item, dict) else None
            if not isinstance(days, list) or not days or any(d not in WEEKDAYS for d in days):
                self.add((*path, i, "days"), f"must list weekdays from {', '.join(WEEKDAYS)}")
                continue
            if not isinstance(opens, str) or not HOUR_RE.match(opens):
                self.add((*path, i, "opens"), "must be a time HH:MM")
                continue
            if not isinstance(closes, str) or not HOUR_RE.match(closes):
                self.add((*path, i, "closes"), "must be a time HH:MM")
                continue
            kept.append({"days": days, "opens": opens, "closes": closes})
        return kept
