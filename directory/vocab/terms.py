"""Coded terms with en/es/fr labels: service categories and populations."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A code with a label in each directory language."""

    code: str
    labels: dict[str, str]

    def label(self, language: str | None = None) -> str:
        return self.labels.get(language or "en") or self.labels["en"]


def terms(rows: list[tuple[str, str, str, str]]) -> dict[str, Term]:
    """Build an ordered code → Term map from ``(code, en, es, fr)`` rows."""
    return {code: Term(code, {"en": en, "es": es, "fr": fr}) for code, en, es, fr in rows}
