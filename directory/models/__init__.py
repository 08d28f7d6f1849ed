"""SQLAlchemy models of the directory. Importing this package registers every table."""

from directory.models.area import ServiceArea
from directory.models.audit import ChangeEvent, Revision
from directory.models.base import Base
from directory.models.contact import Contact, Email, Phone
from directory.models.idempotency import IdempotencyKey as IdempotencyKey
from directory.models.location import Location
from directory.models.organization import (
    Organization,
    OrganizationFacet,
    OrganizationTranslation,
)
from directory.models.service import Service, ServiceTranslation
from directory.webhooks.models import WebhookDelivery, WebhookSubscription

__all__ = [
    "Base",
    "ChangeEvent",
    "Contact",
    "Email",
    "Location",
    "Organization",
    "OrganizationFacet",
    "OrganizationTranslation",
    "Phone",
    "Revision",
    "Service",
    "ServiceArea",
    "ServiceTranslation",
    "WebhookDelivery",
    "WebhookSubscription",
]
