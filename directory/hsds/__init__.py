"""HSDS 3.0 (Open Referral's Human Services Data Specification): mapping, export, import.

Our ids are UUIDs and serve as HSDS ids. Objects HSDS has and we derive (schedules,
languages, addresses, attributes, taxonomy terms, service_at_location, identifiers,
metadata) get stable UUIDv5 ids (see :mod:`directory.hsds.ids`), so an export of unchanged
data is byte-for-byte the same.

Mapping (directory → HSDS):

- organization: ``name``, ``alternate_name`` (the first of ours), ``description``,
  ``website``, ``email`` (the first visible own email), ``phones`` (the organization's own),
  ``contacts``, ``locations`` (each with one ``address``), ``services``,
  ``organization_identifiers`` (our slug, ``identifier_type`` "Partner directory slug"),
  ``attributes`` (kind, verification status), ``metadata`` (from the audit trail).
- service: ``status``, ``eligibility_description``, ``fees_description``,
  ``last_modified``, ``languages``, ``phones``, ``contacts`` (those linked to the service),
  ``schedules`` (one weekly RRULE-style schedule per opening-hours entry; a 24/7 service
  gets one all-week schedule), ``service_areas``, ``service_at_locations`` (the service
  with each visible location of its organization: the directory does not tie a service to
  one place), ``attributes`` (categories and populations as taxonomy terms of two
  taxonomies, trafficking types as plain attributes).
- taxonomy / taxonomy_term: "Partner directory service categories" and "Partner directory
  populations"; terms are in English with ``x_translations`` in Spanish and French.
- metadata: one record per field change of the organization and its services in the
  audit trail (create and archive as one record each). ``updated_by`` is ``system:…``,
  ``client`` or ``user`` — never a person's address.

Extension fields (HSDS 3.0 allows extra properties; CSV tables get extra columns):

============================  ==================================================================
``x_visibility``              contact, phone, location: ``PUBLIC`` | ``PARTNERS`` |
                              ``CONFIDENTIAL``. Only items the reader may see are written at
                              all; the field tells the reader how to treat them.
``x_translations``            organization, service, taxonomy_term: ``{"es": {"name": …,
                              "description": …}, …}`` (CSV: a JSON text).
``x_language``                organization, service: the language the record is written in.
``x_country``                 organization: headquarters country (MX, US, CA).
``x_alternate_names``         organization: every alternate name (HSDS holds one).
``x_emails``                  organization, contact: every visible email
                              ``[{"address", "description", "visibility"}]`` (HSDS holds one).
``x_service_areas``           organization: areas of the organization as a whole, shaped like
                              service_area objects.
``x_code``                    service_area: the ISO 3166-1/3166-2 code (``MX``, ``MX-CMX``).
``x_municipality``            service_area: municipality within the subdivision.
``x_inherited``               service_area: true when a service has no areas of its own and
                              the organization's are repeated on it (skipped on import).
``x_timezone``                schedule: the IANA time zone (HSDS ``timezone`` is a UTC offset
                              number; we write the zone's standard offset).
``x_open_24_7``               schedule: the service is open all the time.
``x_type``                    phone: our phone type (voice, sms, whatsapp, tty, fax) where
                              HSDS ``type`` uses RFC 6350 words.
``x_hotline``, ``x_24_7``     phone: a hotline number; answered around the clock.
``x_version``                 organization: the listing version (changes on every write).
============================  ==================================================================

An HSDS reader that ignores ``x_`` fields gets a valid HSDS 3.0 document; our importer
reads them back, which is what makes export → import a faithful round trip.
"""
