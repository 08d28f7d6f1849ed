"""Phone number normalization with Google's libphonenumber (``phonenumbers``)."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat


class PhoneNumberError(ValueError):
    """The text is not a valid phone number for the given country."""


@dataclass(frozen=True)
class NormalizedPhone:
    e164: str
    display: str
    """National format, as people in the number's country write it."""
    country: str | None
    extension: str | None
    short_code: bool = False
    """A national short number (an SMS short code such as 233733): no E.164 form exists,
    so ``e164`` holds its digits."""


def normalize_phone(text: str, country: str | None = None) -> NormalizedPhone:
    """Parse ``text`` (national numbers read as ``country``) into E.164 and a display form.

    >>> normalize_phone("800 55 33 000", "MX").e164
    '+528005533000'
    """
    raw = (text or "").strip()
    if not raw:
        raise PhoneNumberError("phone number is empty")
    try:
        parsed = phonenumbers.parse(raw, (country or "").upper() or None)
    except NumberParseException as exc:
        raise PhoneNumberError(f"not a phone number: {exc._msg}") from None
    region = (country or "").upper() or None
    if (
        region
        and not phonenumbers.is_valid_number(parsed)
        and phonenumbers.is_valid_short_number_for_region(parsed, region)
    ):
        digits = phonenumbers.national_significant_number(parsed)
        return NormalizedPhone(digits, digits, region, None, short_code=True)
    if not phonenumbers.is_valid_number(parsed):
        where = f" in {country.upper()}" if country else ""
        raise PhoneNumberError(f"{raw!r} is not a valid phone number{where}")
    return NormalizedPhone(
        e164=phonenumbers.format_number(parsed, PhoneNumberFormat.E164),
        display=phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL),
        country=phonenumbers.region_code_for_number(parsed),
        extension=parsed.extension or None,
    )
