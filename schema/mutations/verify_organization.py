"""verifyOrganization: an administrator records that a listing was checked."""

from __future__ import annotations

import graphene
from sqlalchemy.ext.asyncio import AsyncSession

from auth import scopes as S
from directory.access import WriteAccess
from directory.enums import VerificationStatus
from directory.listings.verification import verify_organization
from directory.models import Organization
from schema.mutations import refs
from schema.mutations.base import ListingMutation, MutationInput, decode_id, user_errors_field
from schema.mutations.update_organization import EXPECTED_VERSION


class VerificationDecision(graphene.Enum):
    """The outcome of a verification."""

    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"
    UNVERIFIED = "UNVERIFIED"

    @property
    def description(self) -> str:
        return {
            "VERIFIED": "The listing was checked and is correct.",
            "REJECTED": "The listing was checked and could not be confirmed.",
            "UNVERIFIED": "Withdraw an earlier verification.",
        }[self.name]


class VerifyOrganizationInput(graphene.InputObjectType):
    """The organization that was checked, and the outcome."""

    id = graphene.ID(required=True, description="The organization.")
    expected_version = graphene.Int(description=EXPECTED_VERSION)
    status = graphene.InputField(
        VerificationDecision, description="The outcome; VERIFIED when not given."
    )


class VerifyOrganization(ListingMutation):
    """Record a verification: status, time and verifier (needs `directory:admin`). A later
    edit of the listing shows as `verification.changedSinceVerification`."""

    class Meta:
        name = "VerifyOrganizationPayload"

    class Arguments:
        input = VerifyOrganizationInput(required=True, description="What was verified.")

    organization = graphene.Field(refs.ORGANIZATION, description="The verified organization.")
    user_errors = user_errors_field("recorded")
    required_scope = S.ADMIN

    @classmethod
    async def perform(
        cls, session: AsyncSession, access: WriteAccess, input: MutationInput
    ) -> Organization:
        org_id = decode_id(input["id"], "Organization")
        status = input.get("status")
        status_value = getattr(status, "value", status) or VerificationStatus.VERIFIED.value
        expected = input.get("expected_version")
        return await verify_organization(
            session, access, org_id, status=status_value, expected_version=expected
        )
