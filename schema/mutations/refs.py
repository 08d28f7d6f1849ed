"""Where the read API's types live: payloads return them, inputs use its enums.

Import strings resolve lazily when the schema is built, so the mutation modules do not
import the read API's modules (and the read API does not import these).
"""

ORGANIZATION = "schema.organizations.types.Organization"
SERVICE = "schema.organizations.types.Service"
CONTACT = "schema.organizations.types.Contact"
VISIBILITY = "schema.organizations.enums.Visibility"
PHONE_TYPE = "schema.organizations.enums.PhoneType"
LOCATION = "schema.organizations.types.Location"
PHONE = "schema.organizations.types.Phone"
EMAIL = "schema.organizations.types.Email"
LOCATION_TYPE = "schema.organizations.enums.LocationType"
