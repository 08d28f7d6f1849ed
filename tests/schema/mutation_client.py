"""Running one mutation over HTTP on the whole app, as a caller with a real bearer token.

Callers are OAuth clients made with the service's own ``create_client`` and their tokens
come from ``/oauth/token`` (client_credentials), so the bearer middleware, the
Idempotency-Key middleware and the GraphQL endpoint all run as in production.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from auth.clients import CreatedClient
from directory.db import Database
from tests.auth.helpers import client_token, partner

SELECTIONS = {
    "createOrganization": "organization { id version }",
    "updateOrganization": "organization { id version description }",
    "archiveOrganization": "organization { id version archived }",
    "verifyOrganization": "organization { id version verification "
    "{ status lastVerifiedAt verifiedBy changedSinceVerification } }",
    "createService": "service { id name } organization { version }",
    "updateService": "service { id name } organization { version }",
    "deleteService": "deletedServiceId organization { version }",
    "createContact": "contact { id name } organization { version }",
    "updateContact": "contact { id title } organization { version }",
    "deleteContact": "deletedContactId organization { version }",
    "setServiceArea": "organization { id version }",
    "createLocation": "location { id name } organization { version }",
    "updateLocation": "location { id name } organization { version }",
    "deleteLocation": "deletedLocationId organization { version }",
    "createPhone": "phone { id number } organization { version }",
    "updatePhone": "phone { id number type hotline open24x7 languages } organization { version }",
    "deletePhone": "deletedPhoneId organization { version }",
    "createEmail": "email { id address } organization { version }",
    "updateEmail": "email { id address } organization { version }",
    "deleteEmail": "deletedEmailId organization { version }",
    "confirmListingCurrent": "organization { id version verification { confirmedAt } }",
}


@dataclass(frozen=True)
class Caller:
    """A bearer token (None: anonymous) and the client behind it."""

    token: str | None
    client: CreatedClient | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    @property
    def actor(self) -> str:
        assert self.client is not None
        return f"client:{self.client.client_id}"


ANONYMOUS = Caller(None)


async def caller(
    http: httpx.AsyncClient, db: Database, scope: str, organization: str | None = None
) -> Caller:
    """A new client with ``scope`` (bound to the organization with slug ``organization``)
    and a token for it; an empty scope is the anonymous caller."""
    if not scope:
        return ANONYMOUS
    client = await partner(db, scope, organization=organization)
    return Caller(await client_token(http, client), client)


@dataclass
class Call:
    mutation: str
    input: dict[str, Any]
    selection: str | None = None


@dataclass
class Result:
    payload: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)
    response: httpx.Response | None = None


def document(request: Call) -> str:
    input_type = request.mutation[0].upper() + request.mutation[1:] + "Input"
    selection = request.selection or SELECTIONS[request.mutation]
    return (
        f"mutation Run($input: {input_type}!) {{ {request.mutation}(input: $input) "
        f"{{ {selection} userErrors {{ field message code }} }} }}"
    )


async def call(
    http: httpx.AsyncClient,
    who: Caller,
    request: Call,
    headers: dict[str, str] | None = None,
) -> Result:
    """POST the mutation to /graphql as ``who``; the payload and top-level errors."""
    response = await http.post(
        "/graphql",
        json={"query": document(request), "variables": {"input": request.input}},
        headers={**who.headers, **(headers or {})},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    payload = (body.get("data") or {}).get(request.mutation)
    return Result(payload, body.get("errors") or [], response)
