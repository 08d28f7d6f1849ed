"""Contact input fields shared by createContact and updateContact."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import graphene

from schema.mutations.base import decode_id, plain
from schema.mutations.inputs import EmailInput, PhoneInput, phones_spec, plain_list

FIELDS = ("name", "title", "department", "visibility")


class ContactFields:
    """Input fields of a contact other than its visibility."""

    name = graphene.String(description="Name of the person or desk.")
    title = graphene.String(description="Role, e.g. `Coordinadora de albergue`.")
    department = graphene.String(description="Department or team.")
    service_id = graphene.ID(description="The service this contact is for, if one.")
    phones = graphene.List(
        graphene.NonNull(PhoneInput), description="Phones (replaced as a whole on update)."
    )
    emails = graphene.List(
        graphene.NonNull(EmailInput), description="Emails (replaced as a whole on update)."
    )


def contact_spec(input: Mapping[str, Any]) -> dict[str, Any]:
    spec = {k: plain(v) for k, v in input.items() if k in FIELDS}
    if "service_id" in input:
        value = input["service_id"]
        spec["service_id"] = None if value is None else decode_id(value, "Service")
    if "phones" in input:
        spec["phones"] = phones_spec(input["phones"])
    if "emails" in input:
        spec["emails"] = plain_list(input["emails"])
    return spec
