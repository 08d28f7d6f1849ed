"""updateOrganization: change some fields of a listing, guarded by `expectedVersion`."""

from __future__ import annotations

from typing import Any

import graphene

from directory.listings.organizations import update_organization
from schema.mutations import refs
from schema.mutations.base import (
    UserError,
    decode_id,
    principal_of,
    require_write,
    spec_of,
    write,
)
from schema.mutations.create_organization import FIELDS
from schema.mutations.inputs import (
    EmailInput,
    PhoneInput,
    TranslationInput,
    phones_spec,
    plain_list,
    translations_spec,
)

EXPECTED_VERSION = (
    "The organization's `version` your change is based on. When someone changed the listing "
    "since, nothing is written and a `CONFLICT` user error is returned. Without it, the "
    "change applies on top of whatever is current."
)


class UpdateOrganizationInput(graphene.InputObjectType):
    """Fields to change; those not given are kept, those given as null are cleared."""

    id = graphene.ID(required=True, description="The organization.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    slug = graphene.String(description="URL name (lower-case letters, digits, hyphens).")
    name = graphene.String(description="Name in the record's own language.")
    alternate_names = graphene.List(
        graphene.NonNull(graphene.String), description="Other names and acronyms (replaced)."
    )
    description = graphene.String(description="What the organization does.")
    kind = graphene.String(description="Kind of organization, e.g. `ngo`, `government`.")
    website = graphene.String(description="An http or https URL.")
    language = graphene.String(description="Language of the record: `en`, `es`, `fr`.")
    country = graphene.String(description="Headquarters country: MX, US or CA.")
    translations = graphene.List(
        graphene.NonNull(TranslationInput),
        description="Translations to set or (with `remove`) remove; other languages are kept.",
    )
    phones = graphene.List(
        graphene.NonNull(PhoneInput),
        description="The organization's own phones (replaced as a whole; unchanged ones stay).",
    )
    emails = graphene.List(
        graphene.NonNull(EmailInput), description="The organization's own emails (replaced)."
    )


class UpdateOrganization(graphene.Mutation):
    """Change an organization's fields (`listings:write` on your own, `directory:write` on
    any). Every accepted change is a new `version`, in the audit trail and the change feed."""

    class Meta:
        name = "UpdateOrganizationPayload"

    class Arguments:
        input = UpdateOrganizationInput(required=True, description="What to change.")

    organization = graphene.Field(refs.ORGANIZATION, description="The organization, as changed.")
    user_errors = graphene.List(
        graphene.NonNull(UserError), required=True, description="Why nothing was changed."
    )

    @staticmethod
    async def mutate(
        root: Any, info: graphene.ResolveInfo, input: UpdateOrganizationInput
    ) -> UpdateOrganization:
        org_id = decode_id(input["id"], "Organization")
        require_write(principal_of(info), org_id)
        changes = spec_of(input, FIELDS)
        if "translations" in input:
            changes["translations"] = translations_spec(input["translations"])
        if "phones" in input:
            changes["phones"] = phones_spec(input["phones"])
        if "emails" in input:
            changes["emails"] = plain_list(input["emails"])
        expected = input.get("expected_version")
        audience = principal_of(info).audience()
        organization, errors = await write(
            info,
            lambda session, actor: update_organization(
                session, actor, org_id, changes, expected_version=expected, audience=audience
            ),
        )
        return UpdateOrganization(organization=organization, user_errors=errors)
