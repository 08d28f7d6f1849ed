"""The HSDS 3.0 tabular form: one CSV per table, linked by id columns.

Columns are HSDS's own (in the specification's order) followed by our ``x_`` extensions.
"""

from __future__ import annotations

TABLES: dict[str, tuple[str, ...]] = {
    "organizations": (
        "id", "name", "alternate_name", "description", "email", "website", "tax_status",
        "tax_id", "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id",
        "x_alternate_names", "x_language", "x_country", "x_version", "x_translations",
        "x_emails",
    ),
    "services": (
        "id", "organization_id", "program_id", "name", "alternate_name", "description", "url",
        "email", "status", "interpretation_services", "application_process",
        "fees_description", "wait_time", "fees", "accreditations", "eligibility_description",
        "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert",
        "last_modified", "x_language", "x_translations",
    ),
    "locations": (
        "id", "location_type", "url", "organization_id", "name", "alternate_name",
        "description", "transportation", "latitude", "longitude", "external_identifier",
        "external_identifier_type", "x_visibility",
    ),
    "addresses": (
        "id", "location_id", "attention", "address_1", "address_2", "city", "region",
        "state_province", "postal_code", "country", "address_type",
    ),
    "contacts": (
        "id", "organization_id", "service_id", "service_at_location_id", "location_id", "name",
        "title", "department", "email", "x_emails", "x_visibility",
    ),
    "phones": (
        "id", "location_id", "service_id", "organization_id", "contact_id",
        "service_at_location_id", "number", "extension", "type", "description", "x_type",
        "x_hotline", "x_24_7", "x_visibility",
    ),
    "schedules": (
        "id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
        "dtstart", "timezone", "until", "count", "wkst", "freq", "interval", "byday",
        "byweekno", "bymonthday", "byyearday", "description", "opens_at", "closes_at",
        "schedule_link", "attending_type", "notes", "x_timezone", "x_open_24_7",
    ),
    "service_areas": (
        "id", "service_id", "name", "description", "extent", "extent_type", "uri",
        "x_organization_id", "x_code", "x_municipality", "x_inherited",
    ),
    "service_at_location": ("id", "service_id", "location_id", "description"),
    "languages": ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
    "attributes": ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
    "organization_identifiers": (
        "id", "organization_id", "identifier_scheme", "identifier_type", "identifier",
    ),
    "metadata": (
        "id", "resource_id", "resource_type", "last_action_date", "last_action_type",
        "field_name", "previous_value", "replacement_value", "updated_by",
    ),
    "taxonomies": ("id", "name", "description", "uri", "version"),
    "taxonomy_terms": (
        "id", "code", "name", "description", "parent_id", "taxonomy", "language",
        "taxonomy_id", "term_uri", "x_translations",
    ),
}  # fmt: skip

FILE_NAMES = {name: f"{name}.csv" for name in TABLES}

NUMBER_COLUMNS = frozenset(
    {
        "year_incorporated",
        "minimum_age",
        "maximum_age",
        "latitude",
        "longitude",
        "extension",
        "timezone",
        "count",
        "interval",
        "amount",
        "x_version",
    }
)
JSON_COLUMNS = frozenset({"x_alternate_names", "x_translations", "x_emails"})
BOOLEAN_COLUMNS = frozenset({"x_hotline", "x_24_7", "x_open_24_7", "x_inherited"})

CHILD_TABLES = {
    "contacts": "contacts",
    "phones": "phones",
    "locations": "locations",
    "addresses": "addresses",
    "services": "services",
    "schedules": "schedules",
    "service_areas": "service_areas",
    "x_service_areas": "service_areas",
    "service_at_locations": "service_at_location",
    "languages": "languages",
    "attributes": "attributes",
    "metadata": "metadata",
    "organization_identifiers": "organization_identifiers",
}
"""Array fields of nested HSDS objects → the table their items go to."""
