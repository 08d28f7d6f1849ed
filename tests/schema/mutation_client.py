"""Running one mutation as a given Principal, with its ``input`` as a variable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auth.principal import Principal
from directory.db import Database
from tests.schema.standin import build_schema

SCHEMA = build_schema()

SELECTIONS = {
    "createOrganization": "organization { id version }",
    "updateOrganization": "organization { id version description }",
    "archiveOrganization": "organization { id version archived }",
    "verifyOrganization": "organization { id version verificationStatus verifiedBy }",
    "createService": "service { id name } organization { version }",
    "updateService": "service { id name } organization { version }",
    "deleteService": "deletedServiceId organization { version }",
    "createContact": "contact { id name } organization { version }",
    "updateContact": "contact { id title } organization { version }",
    "deleteContact": "deletedContactId organization { version }",
    "setServiceArea": "organization { id version }",
}


@dataclass
class Call:
    mutation: str
    input: dict[str, Any]
    selection: str | None = None


@dataclass
class Result:
    payload: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)


async def call(db: Database, principal: Principal, request: Call) -> Result:
    input_type = request.mutation[0].upper() + request.mutation[1:] + "Input"
    selection = request.selection or SELECTIONS[request.mutation]
    document = (
        f"mutation Run($input: {input_type}!) {{ {request.mutation}(input: $input) "
        f"{{ {selection} userErrors {{ field message code }} }} }}"
    )
    executed = await SCHEMA.execute_async(
        document,
        variable_values={"input": request.input},
        context_value={"principal": principal, "db": db},
    )
    errors = [e.formatted for e in executed.errors or []]
    payload = (executed.data or {}).get(request.mutation)
    return Result(payload, errors)
