"""Contact input fields shared by createContact and updateContact."""

from __future__ import annotations

import graphene

from schema.mutations.inputs import EmailInput, PhoneInput


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
