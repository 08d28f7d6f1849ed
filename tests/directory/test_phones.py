"""Phone numbers are stored in E.164 with a national display form."""

from __future__ import annotations

import pytest

from directory.phones import PhoneNumberError, normalize_phone


@pytest.mark.parametrize(
    ("text", "country", "e164"),
    [
        ("800 55 33 000", "MX", "+528005533000"),  # Línea Nacional contra la Trata de Personas
        ("+52 800 553 3000", None, "+528005533000"),
        ("1-888-373-7888", "US", "+18883737888"),  # US National Human Trafficking Hotline
        ("1-833-900-1010", "CA", "+18339001010"),  # Canadian Human Trafficking Hotline
        ("(55) 5533-5533", "MX", "+525555335533"),
    ],
)
def test_valid_numbers_normalize_to_e164(text: str, country: str | None, e164: str) -> None:
    assert normalize_phone(text, country).e164 == e164


def test_display_form_is_national() -> None:
    assert normalize_phone("+18883737888").display == "(888) 373-7888"


def test_sms_short_code_is_kept_as_digits() -> None:
    phone = normalize_phone("233733", "US")
    assert (phone.e164, phone.short_code) == ("233733", True)


def test_extension_is_split_off() -> None:
    phone = normalize_phone("+1 212 555 0100 ext. 42")
    assert (phone.e164, phone.extension) == ("+12125550100", "42")


@pytest.mark.parametrize(
    ("text", "country"),
    [("", "MX"), ("hello", "MX"), ("800 55", "MX"), ("555-0100", None), ("+52 1", None)],
)
def test_invalid_numbers_are_refused(text: str, country: str | None) -> None:
    with pytest.raises(PhoneNumberError):
        normalize_phone(text, country)
