"""Typed write specs: what a caller asks to write, one frozen dataclass per kind of item.

Every field defaults to :data:`UNSET`, meaning "left out": a create treats it as not given
(the column default), an update keeps the stored value. An explicit ``None`` clears the
field where that is allowed. Field names are the one field-name mapping of the write
API: the GraphQL input field of ``trafficking_types`` is its camel case
``traffickingTypes``, and a refused value's ``userErrors.field`` path is derived the same
way. Values are not checked here: :mod:`directory.listings.spec` checks them (so a spec
built by :meth:`SpecBase.from_mapping` from an import may hold anything).
"""

from __future__ import annotations

import dataclasses
import enum
import uuid
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Final, Self, TypeAlias, TypeVar


class Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = Unset.UNSET
"""A field left out: unchanged on update, not given on create."""

T = TypeVar("T")
Maybe: TypeAlias = T | None | Unset
"""A field that may be left out (UNSET), cleared (None) or set."""


def known(value: T | Unset) -> T | None:
    """``value``, or None when it was left out."""
    return None if value is UNSET else value  # type: ignore[return-value]


def items(kind: type[SpecBase]) -> Any:
    """A field holding a list of ``kind`` specs."""
    return dataclasses.field(default=UNSET, metadata={"items": kind})


def one(kind: type[SpecBase]) -> Any:
    """A field holding one ``kind`` spec."""
    return dataclasses.field(default=UNSET, metadata={"one": kind})


def global_id(type_name: str) -> Any:
    """A field holding the ID of an item of GraphQL type ``type_name``."""
    return dataclasses.field(default=UNSET, metadata={"global_id": type_name})


@dataclasses.dataclass(frozen=True, kw_only=True)
class SpecBase:
    """What every spec shares: the given fields and the ``from_mapping`` constructor."""

    unknown: tuple[str, ...] = dataclasses.field(default=(), repr=False, compare=False)
    """Keys of a mapping that name no field (reported by the writer that refuses them)."""

    INTERNAL: ClassVar[frozenset[str]] = frozenset({"unknown"})

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in cls.fields())

    @classmethod
    def fields(cls) -> Iterator[dataclasses.Field[Any]]:
        return (f for f in dataclasses.fields(cls) if f.name not in cls.INTERNAL)

    def given(self) -> dict[str, Any]:
        """The fields that were not left out, by name."""
        return {
            f.name: getattr(self, f.name)
            for f in self.fields()
            if getattr(self, f.name) is not UNSET
        }

    def has(self, name: str) -> bool:
        return getattr(self, name) is not UNSET

    @classmethod
    def from_mapping(cls, value: Mapping[str, Any]) -> Self:
        """The spec of a plain mapping (demo data, imports, the workspace's forms): keys
        are field names, lists of objects become specs; keys that name no field are kept in
        ``unknown`` for the writer to refuse."""
        known_names = set(cls.field_names())
        values: dict[str, Any] = {}
        for f in cls.fields():
            if f.name in value:
                values[f.name] = _from_plain(f, value[f.name])
        unknown = tuple(k for k in value if k not in known_names)
        return cls(**values, unknown=unknown)


def _from_plain(f: dataclasses.Field[Any], value: Any) -> Any:
    single = f.metadata.get("one")
    if single is not None and isinstance(value, Mapping):
        return single.from_mapping(value)
    kind = f.metadata.get("items")
    if kind is None or value is None:
        return value
    if kind is TranslationSpec and isinstance(value, Mapping):
        return translations_from(value)
    if isinstance(value, list | tuple) and all(isinstance(v, Mapping) for v in value):
        return tuple(kind.from_mapping(v) for v in value)
    return value  # refused by the writer ("must be a list of objects")


def translations_from(value: Mapping[str, Any]) -> Any:
    """``{language: {name, description} | None}`` (None removes) as translation specs."""
    if not all(text is None or isinstance(text, Mapping) for text in value.values()):
        return dict(value)  # refused by the writer
    return tuple(
        TranslationSpec(language=language, remove=True)
        if text is None
        else TranslationSpec(
            language=language, name=text.get("name"), description=text.get("description")
        )
        for language, text in value.items()
    )


@dataclasses.dataclass(frozen=True, kw_only=True)
class PhoneSpec(SpecBase):
    """A phone number, checked and normalized for the organization's country."""

    number: Maybe[str] = UNSET
    type: Maybe[str] = UNSET
    visibility: Maybe[str] = UNSET
    extension: Maybe[str] = UNSET
    description: Maybe[str] = UNSET
    hotline: Maybe[bool] = UNSET
    open24x7: Maybe[bool] = UNSET
    languages: Maybe[list[str]] = UNSET
    country: Maybe[str] = UNSET
    """The country to read a national number in (imports); the organization's otherwise."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class EmailSpec(SpecBase):
    """An email address."""

    address: Maybe[str] = UNSET
    visibility: Maybe[str] = UNSET
    description: Maybe[str] = UNSET


@dataclasses.dataclass(frozen=True, kw_only=True)
class AreaSpec(SpecBase):
    """A jurisdiction served: a country or an ISO 3166-2 subdivision (and municipality)."""

    code: Maybe[str] = UNSET
    municipality: Maybe[str] = UNSET


@dataclasses.dataclass(frozen=True, kw_only=True)
class TranslationSpec(SpecBase):
    """A name and description in one language, or (``remove``) that language removed."""

    language: Maybe[str] = UNSET
    name: Maybe[str] = UNSET
    description: Maybe[str] = UNSET
    remove: Maybe[bool] = UNSET


@dataclasses.dataclass(frozen=True, kw_only=True)
class OpeningHoursSpec(SpecBase):
    """Opening hours on some weekdays."""

    days: Maybe[list[str]] = UNSET
    opens: Maybe[str] = UNSET
    closes: Maybe[str] = UNSET


@dataclasses.dataclass(frozen=True, kw_only=True)
class VerificationSpec(SpecBase):
    """How a created listing was verified (demo data and imports)."""

    status: Maybe[str] = UNSET
    last_verified_at: Maybe[Any] = UNSET
    """A datetime or an ISO 8601 string."""
    verified_by: Maybe[str] = UNSET


@dataclasses.dataclass(frozen=True, kw_only=True)
class LocationSpec(SpecBase):
    """A place of an organization, with its phones."""

    name: Maybe[str] = UNSET
    description: Maybe[str] = UNSET
    location_type: Maybe[str] = UNSET
    address_1: Maybe[str] = UNSET
    city: Maybe[str] = UNSET
    subdivision: Maybe[str] = UNSET
    postal_code: Maybe[str] = UNSET
    country: Maybe[str] = UNSET
    latitude: Maybe[float] = UNSET
    longitude: Maybe[float] = UNSET
    url: Maybe[str] = UNSET
    visibility: Maybe[str] = UNSET
    phones: Maybe[tuple[PhoneSpec, ...]] = items(PhoneSpec)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ContactSpec(SpecBase):
    """A person or desk of an organization, with its phones and emails."""

    name: Maybe[str] = UNSET
    title: Maybe[str] = UNSET
    department: Maybe[str] = UNSET
    visibility: Maybe[str] = UNSET
    service_id: Maybe[uuid.UUID] = global_id("Service")
    phones: Maybe[tuple[PhoneSpec, ...]] = items(PhoneSpec)
    emails: Maybe[tuple[EmailSpec, ...]] = items(EmailSpec)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ServiceSpec(SpecBase):
    """A service of an organization, with its translations, areas and phones."""

    name: Maybe[str] = UNSET
    description: Maybe[str] = UNSET
    language: Maybe[str] = UNSET
    status: Maybe[str] = UNSET
    categories: Maybe[list[str]] = UNSET
    populations: Maybe[list[str]] = UNSET
    trafficking_types: Maybe[list[str]] = UNSET
    languages: Maybe[list[str]] = UNSET
    eligibility: Maybe[str] = UNSET
    fees: Maybe[str] = UNSET
    timezone: Maybe[str] = UNSET
    open24x7: Maybe[bool] = UNSET
    hours: Maybe[tuple[OpeningHoursSpec, ...]] = items(OpeningHoursSpec)
    translations: Maybe[tuple[TranslationSpec, ...]] = items(TranslationSpec)
    service_areas: Maybe[tuple[AreaSpec, ...]] = items(AreaSpec)
    phones: Maybe[tuple[PhoneSpec, ...]] = items(PhoneSpec)


@dataclasses.dataclass(frozen=True, kw_only=True)
class OrganizationSpec(SpecBase):
    """An organization listing: on create with all its parts; on update, the fields
    ``UPDATABLE`` in :mod:`directory.listings.organizations`."""

    slug: Maybe[str] = UNSET
    name: Maybe[str] = UNSET
    alternate_names: Maybe[list[str]] = UNSET
    description: Maybe[str] = UNSET
    kind: Maybe[str] = UNSET
    website: Maybe[str] = UNSET
    language: Maybe[str] = UNSET
    country: Maybe[str] = UNSET
    translations: Maybe[tuple[TranslationSpec, ...]] = items(TranslationSpec)
    service_areas: Maybe[tuple[AreaSpec, ...]] = items(AreaSpec)
    phones: Maybe[tuple[PhoneSpec, ...]] = items(PhoneSpec)
    emails: Maybe[tuple[EmailSpec, ...]] = items(EmailSpec)
    locations: Maybe[tuple[LocationSpec, ...]] = items(LocationSpec)
    services: Maybe[tuple[ServiceSpec, ...]] = items(ServiceSpec)
    contacts: Maybe[tuple[ContactSpec, ...]] = items(ContactSpec)
    verification: Maybe[VerificationSpec] = one(VerificationSpec)


def areas_from(value: Any) -> Any:
    """A list of area mappings as area specs (anything else is left for the writer)."""
    if isinstance(value, list | tuple) and all(isinstance(v, Mapping) for v in value):
        return tuple(AreaSpec.from_mapping(v) for v in value)
    return value
