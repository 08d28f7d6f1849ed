"""Text folding for accent- and case-insensitive search in English, Spanish and French."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip accents and collapse spaces: ``"Québec"`` → ``"quebec"``."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def fold_all(parts: Iterable[str | None]) -> str:
    """Fold and join several texts into one searchable string."""
    return " | ".join(f for f in (fold(p) for p in parts) if f)


def like_pattern(term: str) -> str:
    """A LIKE pattern matching ``term`` anywhere, with LIKE's wildcards escaped (escape ``\\``)."""
    escaped = fold(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
