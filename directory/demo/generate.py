"""Synthetic organizations for scale work: realistic shapes, bulk inserts, deterministic per seed.

Rows are built in Python and inserted table by table, one ``INSERT`` per table per batch.
Search columns and facets are computed with the same functions the write path uses
(:func:`directory.listings.index.search_columns`, :func:`~directory.listings.index.facet_rows`),
and every organization gets its revision and its CREATED change event, so search, filters,
the audit trail and the sync feed behave on generated data exactly as on written data.

Slugs are ``synthetic-<seed>-<n>``; a later run with the same seed continues the numbering,
so runs never collide. Phone numbers come from the ranges reserved for fiction (555-01xx in
North America) and every one is checked with ``phonenumbers``; web and email domains are
``.example``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberFormat
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from directory.audit import FEED_LOCK_KEY, Actor, diff
from directory.db import Database
from directory.enums import (
    ChangeKind,
    OrganizationKind,
    PhoneType,
    ServiceStatus,
    TraffickingType,
    VerificationStatus,
    Visibility,
)
from directory.listings.create import INTERNAL_COLUMNS
from directory.listings.index import facet_rows, search_columns
from directory.models import (
    ChangeEvent,
    Contact,
    Email,
    Location,
    Organization,
    OrganizationFacet,
    OrganizationTranslation,
    Phone,
    Revision,
    Service,
    ServiceArea,
    ServiceTranslation,
)
from directory.models.base import Base
from directory.vocab.categories import SERVICE_CATEGORIES
from directory.vocab.populations import POPULATIONS

ACTOR = Actor.system("demo-generate")
Row = dict[str, Any]


@dataclass(frozen=True)
class City:
    name: str
    subdivision: str
    latitude: float
    longitude: float
    timezone: str
    area_code: str


CITIES: dict[str, tuple[City, ...]] = {
    "MX": (
        City("Ciudad de México", "MX-CMX", 19.4326, -99.1332, "America/Mexico_City", "55"),
        City("Guadalajara", "MX-JAL", 20.6597, -103.3496, "America/Mexico_City", "33"),
        City("Monterrey", "MX-NLE", 25.6866, -100.3161, "America/Monterrey", "81"),
        City("Tijuana", "MX-BCN", 32.5149, -117.0382, "America/Tijuana", "664"),
        City("Ciudad Juárez", "MX-CHH", 31.6904, -106.4245, "America/Ciudad_Juarez", "656"),
        City("Oaxaca de Juárez", "MX-OAX", 17.0732, -96.7266, "America/Mexico_City", "951"),
        City("Tapachula", "MX-CHP", 14.9056, -92.2636, "America/Mexico_City", "962"),
        City("Puebla", "MX-PUE", 19.0414, -98.2063, "America/Mexico_City", "222"),
        City("Querétaro", "MX-QUE", 20.5888, -100.3899, "America/Mexico_City", "442"),
        City("Mérida", "MX-YUC", 20.9674, -89.5926, "America/Merida", "999"),
        City("Cancún", "MX-ROO", 21.1619, -86.8515, "America/Cancun", "998"),
        City("Acapulco", "MX-GRO", 16.8531, -99.8237, "America/Mexico_City", "744"),
        City("Veracruz", "MX-VER", 19.1738, -96.1342, "America/Mexico_City", "229"),
        City("Culiacán", "MX-SIN", 24.8091, -107.3940, "America/Mazatlan", "667"),
        City("Hermosillo", "MX-SON", 29.0729, -110.9559, "America/Hermosillo", "662"),
        City("León", "MX-GUA", 21.1250, -101.6860, "America/Mexico_City", "477"),
        City("Morelia", "MX-MIC", 19.7060, -101.1950, "America/Mexico_City", "443"),
        City("Toluca", "MX-MEX", 19.2826, -99.6557, "America/Mexico_City", "722"),
    ),
    "US": (
        City("Houston", "US-TX", 29.7604, -95.3698, "America/Chicago", "713"),
        City("El Paso", "US-TX", 31.7619, -106.4850, "America/Denver", "915"),
        City("Los Angeles", "US-CA", 34.0522, -118.2437, "America/Los_Angeles", "213"),
        City("San Diego", "US-CA", 32.7157, -117.1611, "America/Los_Angeles", "619"),
        City("New York", "US-NY", 40.7128, -74.0060, "America/New_York", "212"),
        City("Phoenix", "US-AZ", 33.4484, -112.0740, "America/Phoenix", "602"),
        City("Tucson", "US-AZ", 32.2226, -110.9747, "America/Phoenix", "520"),
        City("Chicago", "US-IL", 41.8781, -87.6298, "America/Chicago", "312"),
        City("Atlanta", "US-GA", 33.7490, -84.3880, "America/New_York", "404"),
        City("Miami", "US-FL", 25.7617, -80.1918, "America/New_York", "305"),
        City("Seattle", "US-WA", 47.6062, -122.3321, "America/Los_Angeles", "206"),
        City("Denver", "US-CO", 39.7392, -104.9903, "America/Denver", "303"),
        City("Washington", "US-DC", 38.9072, -77.0369, "America/New_York", "202"),
        City("Minneapolis", "US-MN", 44.9778, -93.2650, "America/Chicago", "612"),
        City("Las Vegas", "US-NV", 36.1699, -115.1398, "America/Los_Angeles", "702"),
    ),
    "CA": (
        City("Toronto", "CA-ON", 43.6532, -79.3832, "America/Toronto", "416"),
        City("Ottawa", "CA-ON", 45.4215, -75.6972, "America/Toronto", "613"),
        City("Montréal", "CA-QC", 45.5019, -73.5674, "America/Toronto", "514"),
        City("Québec", "CA-QC", 46.8139, -71.2080, "America/Toronto", "418"),
        City("Vancouver", "CA-BC", 49.2827, -123.1207, "America/Vancouver", "604"),
        City("Calgary", "CA-AB", 51.0447, -114.0719, "America/Edmonton", "403"),
        City("Edmonton", "CA-AB", 53.5461, -113.4938, "America/Edmonton", "780"),
        City("Winnipeg", "CA-MB", 49.8951, -97.1384, "America/Winnipeg", "204"),
        City("Halifax", "CA-NS", 44.6488, -63.5752, "America/Halifax", "902"),
        City("Regina", "CA-SK", 50.4452, -104.6189, "America/Regina", "306"),
        City("St. John's", "CA-NL", 47.5615, -52.7126, "America/St_Johns", "709"),
        City("Moncton", "CA-NB", 46.0878, -64.7782, "America/Moncton", "506"),
    ),
}
COUNTRY_WEIGHTS = {"MX": 40, "US": 35, "CA": 25}

NAME_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # (kinds of body, evocative cores, family names)
    "es": (
        ("Fundación", "Red", "Colectivo", "Centro", "Asociación", "Casa", "Refugio", "Alianza")
        + ("Instituto", "Comité", "Programa", "Albergue"),
        ("Esperanza", "Libertad", "Dignidad", "Nuevo Amanecer", "Manos Unidas", "Camino Seguro")
        + ("Voces Libres", "Puentes", "Raíces", "Horizonte", "Mariposa", "Luz y Vida", "Semilla")
        + ("Confianza", "Sendero", "Amparo", "Corazón Abierto", "Alas", "Ruta Digna", "Faro"),
        ("García", "Hernández", "López", "Martínez", "González", "Pérez", "Sánchez", "Ramírez")
        + ("Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes", "Jiménez")
        + ("Ortiz", "Gutiérrez", "Chávez"),
    ),
    "en": (
        ("Alliance", "Coalition", "Center", "Project", "Network", "House", "Initiative")
        + ("Collective", "Services", "Foundation", "Partnership", "Fund"),
        ("Safe Harbor", "New Horizons", "Freedom", "Open Door", "Bright Path", "Liberty")
        + ("Restore", "Beacon", "Crossroads", "Hope", "Unbound", "Lighthouse", "Anchor")
        + ("Compass", "Haven", "Pathways", "Keystone", "Rise", "Harbor Light", "Wayfinder"),
        ("Miller", "Johnson", "Williams", "Brown", "Davis", "Wilson", "Anderson", "Thomas")
        + ("Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris")
        + ("Clark", "Lewis", "Walker", "Young"),
    ),
    "fr": (
        ("Maison", "Centre", "Réseau", "Collectif", "Alliance", "Fondation", "Association")
        + ("Regroupement", "Carrefour", "Refuge", "Projet", "Comité"),
        ("Espoir", "Liberté", "L'Envol", "Nouveau Départ", "Phare", "Passerelle", "Solidarité")
        + ("Aube", "Boussole", "Racines", "Étoile", "Horizon", "Renaissance", "Havre")
        + ("Éclaircie", "Tremplin", "Alizé", "Ancrage", "Chrysalide", "Sentier"),
        ("Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie")
        + ("Fortin", "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron")
        + ("Leblanc", "Paquette", "Girard", "Simard", "Boucher"),
    ),
}

DESCRIPTION = {
    "es": "{name} ofrece {what} para {who} en {city} y alrededores.",
    "en": "{name} provides {what} for {who} in {city} and nearby communities.",
    "fr": "{name} offre {what} pour {who} à {city} et dans les environs.",
}
SERVICE_DESCRIPTION = {
    "es": "{what} para {who}. Atención confidencial y gratuita.",
    "en": "{what} for {who}. Confidential and free of charge.",
    "fr": "{what} pour {who}. Service confidentiel et gratuit.",
}
ELIGIBILITY = {
    "es": "Personas sobrevivientes de trata y sus familias.",
    "en": "Survivors of trafficking and their families.",
    "fr": "Personnes survivantes de la traite et leurs familles.",
}
DEPARTMENTS = {
    "es": ("Atención a víctimas", "Coordinación", "Recepción", "Área jurídica", "Trabajo social"),
    "en": ("Intake", "Coordination", "Front desk", "Legal team", "Case management"),
    "fr": ("Accueil", "Coordination", "Réception", "Équipe juridique", "Intervention"),
}
TITLES = {
    "es": ("Directora", "Coordinador", "Abogada", "Trabajadora social", "Psicólogo"),
    "en": ("Director", "Coordinator", "Staff attorney", "Social worker", "Counselor"),
    "fr": ("Directrice", "Coordonnateur", "Avocate", "Travailleuse sociale", "Intervenant"),
}
GIVEN_NAMES = ("Ana", "Luis", "María", "José", "Sam", "Alex", "Claire", "Marc", "Rosa", "Jordan")
EMAIL_BOXES = ("info", "contacto", "intake", "legal", "equipo", "admin", "referrals", "accueil")

KIND_WEIGHTS = {
    OrganizationKind.NGO: 50,
    OrganizationKind.FAITH_BASED: 12,
    OrganizationKind.GOVERNMENT: 10,
    OrganizationKind.ACADEMIC: 7,
    OrganizationKind.LAW_ENFORCEMENT: 6,
    OrganizationKind.INTERNATIONAL: 5,
    OrganizationKind.PRIVATE_SECTOR: 5,
    OrganizationKind.HOTLINE: 5,
}
STATUS_WEIGHTS = {
    ServiceStatus.ACTIVE: 90,
    ServiceStatus.INACTIVE: 4,
    ServiceStatus.TEMPORARILY_CLOSED: 4,
    ServiceStatus.DEFUNCT: 2,
}
PHONE_TYPE_WEIGHTS = {
    PhoneType.VOICE: 80,
    PhoneType.WHATSAPP: 8,
    PhoneType.SMS: 5,
    PhoneType.FAX: 4,
    PhoneType.TTY: 3,
}
LOOSER = {
    Visibility.PUBLIC.value: (Visibility.PUBLIC.value, Visibility.PARTNERS.value),
    Visibility.PARTNERS.value: (Visibility.PARTNERS.value, Visibility.CONFIDENTIAL.value),
    Visibility.CONFIDENTIAL.value: (Visibility.CONFIDENTIAL.value,),
}
"""A part is never more visible than the contact it belongs to."""
ROUND_THE_CLOCK = {"hotline", "emergency-shelter", "law-enforcement"}
CATEGORY_CODES = tuple(SERVICE_CATEGORIES)
POPULATION_CODES = tuple(POPULATIONS)
TRAFFICKING_CODES = tuple(t.value for t in TraffickingType)
TABLES: tuple[type[Base], ...] = (
    Organization,
    OrganizationTranslation,
    Service,
    ServiceTranslation,
    ServiceArea,
    Location,
    Contact,
    Phone,
    Email,
    OrganizationFacet,
    Revision,
)
"""Insert order: parents before children; change events go last, under the feed lock."""
ALL_TABLES: tuple[type[Base], ...] = (*TABLES, ChangeEvent)


@cache
def phone_pool(area_code: str, country: str) -> tuple[tuple[str, str], ...]:
    """``(e164, display)`` of the fictional numbers of one area code, each one valid."""
    local = "555 01" if len(area_code) == 3 else "5555 01"
    found = []
    for last in range(100):
        parsed = phonenumbers.parse(f"{area_code} {local}{last:02d}", country)
        if phonenumbers.is_valid_number(parsed):
            found.append(
                (
                    phonenumbers.format_number(parsed, PhoneNumberFormat.E164),
                    phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL),
                )
            )
    if not found:
        raise RuntimeError(f"no valid fictional number in area code {area_code} ({country})")
    return tuple(found)


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _some(rng: random.Random, pool: Sequence[str], low: int, high: int) -> list[str]:
    return rng.sample(pool, rng.randint(low, high))


def _language_for(rng: random.Random, country: str) -> str:
    if country == "MX":
        return "es" if rng.random() < 0.95 else "en"
    if country == "US":
        return "en" if rng.random() < 0.85 else "es"
    return "en" if rng.random() < 0.6 else "fr"


def _name(rng: random.Random, language: str, city: City) -> str:
    bodies, cores, families = NAME_PARTS[language]
    body, core = rng.choice(bodies), rng.choice(cores)
    roll = rng.random()
    if roll < 0.25:
        first, second = rng.sample(families, 2)
        return {
            "es": f"{body} {first} {second}",
            "en": f"The {first} {second} {body}",
            "fr": f"{body} {first}-{second}",
        }[language]
    if roll < 0.5:
        return {"es": f"{body} {core}", "en": f"{core} {body}", "fr": f"{body} {core}"}[language]
    return {
        "es": f"{body} {core} de {city.name}",
        "en": f"{city.name} {core} {body}",
        "fr": f"{body} {core} de {city.name}",
    }[language]


def _labels(codes: Sequence[str], vocabulary: dict[str, Any], language: str) -> str:
    return ", ".join(vocabulary[c].label(language).lower() for c in codes)


class Builder:
    """Builds the rows of one batch of organizations."""

    def __init__(self, rng: random.Random, now: dt.datetime) -> None:
        self.rng = rng
        self.now = now
        self.rows: dict[type[Base], list[Row]] = {model: [] for model in ALL_TABLES}

    def organization(self, slug: str) -> None:
        rng, now = self.rng, self.now
        country = _weighted(rng, COUNTRY_WEIGHTS)
        city = rng.choice(CITIES[country])
        language = _language_for(rng, country)
        name = _name(rng, language, city)
        org_id = uuid.uuid4()
        kind = _weighted(rng, KIND_WEIGHTS).value

        mark = len(self.rows[ServiceTranslation])
        services = [self.service(org_id, language, city) for _ in range(rng.randint(2, 6))]
        service_translations = self.rows[ServiceTranslation][mark:]
        first = services[0]
        what = _labels(first.categories[:2], SERVICE_CATEGORIES, language)
        who = _labels(first.populations[:2], POPULATIONS, language)
        description = DESCRIPTION[language].format(name=name, what=what, who=who, city=city.name)

        translated: list[tuple[str | None, str | None]] = []
        others = [lang for lang in ("en", "es", "fr") if lang != language]
        for other in others:
            if rng.random() < 0.3:
                text_ = DESCRIPTION[other].format(
                    name=name,
                    what=_labels(first.categories[:2], SERVICE_CATEGORIES, other),
                    who=_labels(first.populations[:2], POPULATIONS, other),
                    city=city.name,
                )
                translated.append((None, text_))
                self.rows[OrganizationTranslation].append(
                    {
                        "organization_id": org_id,
                        "language": other,
                        "name": None,
                        "description": text_,
                    }
                )

        roll = rng.random()
        if roll < 0.5:
            status, verified_at = (
                VerificationStatus.VERIFIED.value,
                now - dt.timedelta(days=rng.randint(1, 730)),
            )
            verified_by = "Synthetic verification team"
        elif roll < 0.95:
            status, verified_at, verified_by = VerificationStatus.UNVERIFIED.value, None, None
        else:
            status, verified_at = (
                VerificationStatus.REJECTED.value,
                now - dt.timedelta(days=rng.randint(1, 365)),
            )
            verified_by = "Synthetic verification team"

        words = [w for w in name.replace("-", " ").split() if w[:1].isupper()]
        alternate = ["".join(w[0] for w in words)] if rng.random() < 0.2 and len(words) > 2 else []
        service_texts = [(s.name, s.description) for s in services]
        service_texts += [(t["name"], t["description"]) for t in service_translations]
        organization: Row = {
            "id": org_id,
            "slug": slug,
            "name": name,
            "alternate_names": alternate,
            "description": description,
            "kind": kind,
            "website": f"https://{slug}.example",
            "language": language,
            "country": country,
            "verification_status": status,
            "last_verified_at": verified_at,
            "verified_by": verified_by,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "archived": False,
            "archived_at": None,
            **search_columns(name, alternate, description, translated, service_texts),
        }
        self.rows[Organization].append(organization)
        self.rows[OrganizationFacet].extend(facet_rows(org_id, language, services))
        self.areas(org_id, country, city)
        self.locations(org_id, country, city, services)
        self.contacts(org_id, slug, language, country, city)
        self.rows[Revision].append(
            {
                "organization_id": org_id,
                "at": now,
                "actor": ACTOR.id,
                "operation": "create",
                "entity_type": "Organization",
                "entity_id": org_id,
                "changes": diff(
                    {}, {k: v for k, v in organization.items() if k not in INTERNAL_COLUMNS}
                ),
                "organization_version": 1,
            }
        )
        self.rows[ChangeEvent].append(
            {
                "organization_id": org_id,
                "kind": ChangeKind.CREATED.value,
                "version": 1,
                "at": now,
                "actor": ACTOR.id,
            }
        )

    def service(self, org_id: uuid.UUID, language: str, city: City) -> Service:
        rng = self.rng
        categories = _some(rng, CATEGORY_CODES, 1, 3)
        populations = _some(rng, POPULATION_CODES, 1, 3)
        languages = list(dict.fromkeys([language, *_some(rng, ("en", "es", "fr"), 0, 2)]))
        name = SERVICE_CATEGORIES[categories[0]].label(language)
        if rng.random() < 0.5:
            name = f"{name} · {POPULATIONS[populations[0]].label(language)}"
        around_the_clock = categories[0] in ROUND_THE_CLOCK and rng.random() < 0.7
        hours: list[dict[str, Any]] = []
        if not around_the_clock and rng.random() < 0.7:
            opens = rng.choice(("08:00", "08:30", "09:00", "10:00"))
            closes = rng.choice(("14:00", "16:00", "17:00", "18:00", "20:00"))
            hours.append({"days": ["MO", "TU", "WE", "TH", "FR"], "opens": opens, "closes": closes})
            if rng.random() < 0.3:
                hours.append({"days": ["SA"], "opens": "10:00", "closes": "14:00"})
        row: Row = {
            "id": uuid.uuid4(),
            "organization_id": org_id,
            "name": name,
            "description": SERVICE_DESCRIPTION[language].format(
                what=SERVICE_CATEGORIES[categories[0]].label(language),
                who=_labels(populations, POPULATIONS, language),
            ),
            "language": language,
            "status": _weighted(rng, STATUS_WEIGHTS).value,
            "categories": categories,
            "populations": populations,
            "trafficking_types": _some(rng, TRAFFICKING_CODES, 1, 3),
            "languages": languages,
            "eligibility": ELIGIBILITY[language] if rng.random() < 0.3 else None,
            "fees": None,
            "timezone": city.timezone if (hours or around_the_clock) else None,
            "open_24_7": around_the_clock,
            "hours": hours,
            "created_at": self.now,
            "updated_at": self.now,
        }
        self.rows[Service].append(row)
        if rng.random() < 0.25:
            other = rng.choice([lang for lang in ("en", "es", "fr") if lang != language])
            self.rows[ServiceTranslation].append(
                {
                    "service_id": row["id"],
                    "organization_id": org_id,
                    "language": other,
                    "name": SERVICE_CATEGORIES[categories[0]].label(other),
                    "description": None,
                }
            )
        return Service(
            name=row["name"],
            description=row["description"],
            categories=categories,
            populations=populations,
            trafficking_types=row["trafficking_types"],
            languages=languages,
        )

    def areas(self, org_id: uuid.UUID, country: str, city: City) -> None:
        rng = self.rng
        found: dict[tuple[str, str | None], str | None] = {
            (country, city.subdivision): city.name if rng.random() < 0.3 else None
        }
        for _ in range(rng.randint(0, 2)):
            if rng.random() < 0.3:
                found.setdefault((country, None), None)
            else:
                found.setdefault((country, rng.choice(CITIES[country]).subdivision), None)
        for (area_country, subdivision), municipality in found.items():
            self.rows[ServiceArea].append(
                {
                    "id": uuid.uuid4(),
                    "organization_id": org_id,
                    "service_id": None,
                    "country": area_country,
                    "subdivision": subdivision,
                    "municipality": municipality,
                }
            )

    def locations(
        self, org_id: uuid.UUID, country: str, city: City, services: list[Service]
    ) -> None:
        rng = self.rng
        shelter = any("emergency-shelter" in s.categories for s in services)
        places = [(city, Visibility.PUBLIC.value, "Oficina" if country == "MX" else "Office")]
        if rng.random() < 0.5:
            if shelter:
                places.append((city, Visibility.CONFIDENTIAL.value, "Safe house"))
            else:
                other = rng.choice(CITIES[country])
                visibility = rng.choice((Visibility.PUBLIC.value, Visibility.PARTNERS.value))
                places.append((other, visibility, "Satellite office"))
        for place, visibility, label in places:
            self.rows[Location].append(
                {
                    "id": uuid.uuid4(),
                    "organization_id": org_id,
                    "name": label,
                    "description": None,
                    "location_type": "physical",
                    "address_1": None,
                    "city": place.name,
                    "subdivision": place.subdivision,
                    "postal_code": None,
                    "country": country,
                    "latitude": round(place.latitude + rng.uniform(-0.08, 0.08), 5),
                    "longitude": round(place.longitude + rng.uniform(-0.08, 0.08), 5),
                    "url": None,
                    "visibility": visibility,
                }
            )

    def contacts(
        self, org_id: uuid.UUID, slug: str, language: str, country: str, city: City
    ) -> None:
        rng = self.rng
        domain = f"{slug}.example"
        if rng.random() < 0.7:
            self.email(org_id, None, f"info@{domain}", Visibility.PUBLIC.value)
        for i in range(rng.randint(2, 4)):
            roll = rng.random()
            visibility = (
                Visibility.PUBLIC.value
                if i == 0 or roll < 0.55
                else Visibility.PARTNERS.value
                if roll < 0.9
                else Visibility.CONFIDENTIAL.value
            )
            contact_id = uuid.uuid4()
            person = visibility != Visibility.PUBLIC.value and rng.random() < 0.6
            self.rows[Contact].append(
                {
                    "id": contact_id,
                    "organization_id": org_id,
                    "service_id": None,
                    "name": f"{rng.choice(GIVEN_NAMES)} {rng.choice(NAME_PARTS[language][2])}"
                    if person
                    else None,
                    "title": rng.choice(TITLES[language]) if person else None,
                    "department": None if person else rng.choice(DEPARTMENTS[language]),
                    "visibility": visibility,
                }
            )
            for _ in range(rng.randint(1, 2)):
                e164, display = rng.choice(phone_pool(city.area_code, country))
                self.rows[Phone].append(
                    {
                        "id": uuid.uuid4(),
                        "organization_id": org_id,
                        "contact_id": contact_id,
                        "service_id": None,
                        "location_id": None,
                        "e164": e164,
                        "short_code": False,
                        "display": display,
                        "extension": None,
                        "type": _weighted(rng, PHONE_TYPE_WEIGHTS).value,
                        "is_hotline": i == 0 and rng.random() < 0.2,
                        "is_24_7": i == 0 and rng.random() < 0.15,
                        "languages": [language],
                        "description": None,
                        "visibility": rng.choice(LOOSER[visibility]),
                    }
                )
            box = f"{rng.choice(EMAIL_BOXES)}{i}@{domain}"
            self.email(org_id, contact_id, box, rng.choice(LOOSER[visibility]))

    def email(
        self, org_id: uuid.UUID, contact_id: uuid.UUID | None, address: str, visibility: str
    ) -> None:
        self.rows[Email].append(
            {
                "id": uuid.uuid4(),
                "organization_id": org_id,
                "contact_id": contact_id,
                "address": address,
                "description": None,
                "visibility": visibility,
            }
        )


async def _next_number(db: Database, prefix: str) -> int:
    async with db.session() as session:
        taken = await session.scalar(
            select(func.count())
            .select_from(Organization)
            .where(Organization.slug.like(f"{prefix}%"))
        )
    return int(taken or 0)


async def _insert(session: AsyncSession, rows: dict[type[Base], list[Row]]) -> None:
    for model in TABLES:
        if rows[model]:
            await session.execute(insert(Base.metadata.tables[model.__tablename__]), rows[model])
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FEED_LOCK_KEY})
    await session.execute(
        insert(Base.metadata.tables[ChangeEvent.__tablename__]), rows[ChangeEvent]
    )


def _build(rng: random.Random, now: dt.datetime, slugs: range, prefix: str) -> Builder:
    builder = Builder(rng, now)
    for n in slugs:
        builder.organization(f"{prefix}{n}")
    return builder


async def generate(
    db: Database, organizations: int, *, seed: int = 1, batch_size: int = 2000
) -> dict[str, int]:
    """Add ``organizations`` synthetic organizations; returns the rows created per table.

    Each batch is one transaction; a failure keeps the batches before it, whole. The next
    batch is built in a worker thread while the current one is written.
    """
    prefix = f"synthetic-{seed}-"
    start = await _next_number(db, prefix)
    rng = random.Random(f"{seed}:{start}")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    created = {model.__tablename__: 0 for model in ALL_TABLES}
    batches = [
        range(first, min(first + batch_size, start + organizations))
        for first in range(start, start + organizations, batch_size)
    ]
    if not batches:
        return created
    pending = asyncio.create_task(asyncio.to_thread(_build, rng, now, batches[0], prefix))
    try:
        for index in range(len(batches)):
            builder = await pending
            if index + 1 < len(batches):
                pending = asyncio.create_task(
                    asyncio.to_thread(_build, rng, now, batches[index + 1], prefix)
                )
            async with db.write() as session:
                await _insert(session, builder.rows)
            for model, rows in builder.rows.items():
                created[model.__tablename__] += len(rows)
    finally:
        if not pending.done():
            pending.cancel()
            await asyncio.gather(pending, return_exceptions=True)
    await analyze(db)
    return created


async def analyze(db: Database) -> None:
    """Refresh the planner's statistics after a bulk load, so the first queries after it use
    the indexes instead of full scans (autovacuum would get there, but later)."""
    async with db.engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.exec_driver_sql("ANALYZE")
