"""CSV injection: keeping spreadsheet formulas out of the ``hsds-csv`` export.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and some also
after a leading tab or carriage return) as a formula, so a listing named
``=HYPERLINK("http://evil.example","Click")`` would act in a partner's spreadsheet. The
export prefixes such a text cell with an apostrophe (``'=HYPERLINK(…)``), which
spreadsheets show as text (OWASP's advice). Cells that are only a number or a phone number
(digits, spaces and ``+ - ( ) .``: nothing a formula could call or reference) are left as
they are. Cells that already begin with apostrophes before such a character get one more,
and the importer removes exactly one, so an export re-imports to the same text.
"""

from __future__ import annotations

import re

_TRIGGER = re.compile(r"'*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+\-]?[0-9][0-9 ().+\-]*")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def neutralize(text: str) -> str:
    """The cell as written to the CSV file."""
    if _TRIGGER.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def restore(text: str) -> str:
    """The text a neutralized cell stood for (the importer's inverse of ``neutralize``)."""
    if _ESCAPED.match(text) and not _PLAIN_NUMBER.fullmatch(text.lstrip("'")):
        return text[1:]
    return text
