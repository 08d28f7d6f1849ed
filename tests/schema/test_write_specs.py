"""The one field-name mapping: a mutation's input fields are its spec's fields in camel
case, and specs built from mappings (imports, demo data, the workspace) keep what they
cannot use for the writer to refuse."""

from __future__ import annotations

import pytest
from graphql import GraphQLInputObjectType

from directory.listings.specs import (
    UNSET,
    AreaSpec,
    ContactSpec,
    EmailSpec,
    LocationSpec,
    OpeningHoursSpec,
    OrganizationSpec,
    PhoneSpec,
    ServiceSpec,
    SpecBase,
    TranslationSpec,
)
from schema.api import build_schema
from schema.mutations.base import camel

KEYS = {"id", "expectedVersion", "organizationId", "ownerId", "allowDuplicate"}
"""Input fields that say which item to write and how, not what to write."""

INPUTS: list[tuple[str, type[SpecBase]]] = [
    ("CreateOrganizationInput", OrganizationSpec),
    ("UpdateOrganizationInput", OrganizationSpec),
    ("CreateServiceInput", ServiceSpec),
    ("UpdateServiceInput", ServiceSpec),
    ("CreateContactInput", ContactSpec),
    ("UpdateContactInput", ContactSpec),
    ("CreateLocationInput", LocationSpec),
    ("UpdateLocationInput", LocationSpec),
    ("CreatePhoneInput", PhoneSpec),
    ("UpdatePhoneInput", PhoneSpec),
    ("CreateEmailInput", EmailSpec),
    ("UpdateEmailInput", EmailSpec),
    ("PhoneInput", PhoneSpec),
    ("EmailInput", EmailSpec),
    ("ServiceAreaInput", AreaSpec),
    ("TranslationInput", TranslationSpec),
    ("OpeningHoursInput", OpeningHoursSpec),
]


@pytest.mark.parametrize(("input_name", "kind"), INPUTS, ids=[i[0] for i in INPUTS])
def test_every_input_field_is_a_spec_field_in_camel_case(
    input_name: str, kind: type[SpecBase]
) -> None:
    input_type = build_schema().graphql_schema.get_type(input_name)
    assert isinstance(input_type, GraphQLInputObjectType)
    spec_names = {camel(name) for name in kind.field_names()}
    assert set(input_type.fields) - KEYS <= spec_names


def test_from_mapping_builds_nested_specs_and_keeps_unknown_keys() -> None:
    spec = OrganizationSpec.from_mapping(
        {
            "name": "Refugio",
            "colour": "red",
            "translations": {"es": {"name": "Refugio"}, "fr": None},
            "services": [{"name": "Albergue", "open24x7": True, "hours": []}],
        }
    )
    assert spec.unknown == ("colour",)
    assert spec.country is UNSET
    assert spec.translations == (
        TranslationSpec(language="es", name="Refugio", description=None),
        TranslationSpec(language="fr", remove=True),
    )
    assert spec.services == (ServiceSpec(name="Albergue", open24x7=True, hours=()),)
    assert spec.given().keys() == {"name", "translations", "services"}
