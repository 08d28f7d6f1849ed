"""Editing a listing's items over HTTP (the whole app in-process, on both databases):
phones changed field by field, the "still accurate" button, services with hours, contacts,
places and service areas; refusals, conflicts and another organization's items."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy import func, select

from directory.audit import Actor
from directory.db import Database
from directory.listings.create import create_organization
from directory.listings.specs import OrganizationSpec
from directory.models import Contact, Organization, Phone, Revision, Service, ServiceArea
from server.workspace import phone_form, service_form
from tests.auth.helpers import staff
from tests.server.workspace.helpers import as_form, csrf_of, form_values, sign_in

PHONE_FIELDS = [f.name for f in phone_form.fields()]
SERVICE_FIELDS = [f.name for f in service_form.fields()]
CHECKBOXES = ("categories", "populations", "trafficking_types")


def listing(slug: str) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": f"Refugio {slug}",
        "country": "MX",
        "language": "es",
        "service_areas": [{"code": "MX-CMX", "municipality": "Coyoacán"}],
        "services": [{"name": "Línea de ayuda", "categories": ["hotline"]}],
        "contacts": [
            {
                "name": "Mesa de atención",
                "visibility": "CONFIDENTIAL",
                "phones": [
                    {
                        "number": "+52 55 5555 1234",
                        "type": "whatsapp",
                        "hotline": True,
                        "open24x7": True,
                        "languages": ["es", "en"],
                        "visibility": "CONFIDENTIAL",
                    }
                ],
                "emails": [{"address": f"mesa@{slug}.example", "visibility": "PARTNERS"}],
            }
        ],
    }


async def _setup(db: Database, http: httpx.AsyncClient) -> None:
    async with db.write() as session:
        for slug in ("refugio-a", "refugio-b"):
            await create_organization(
                session, Actor.system("test"), OrganizationSpec.from_mapping(listing(slug))
            )
    await staff(db, "ana@refugio-a.example", "refugio-a")
    await sign_in(http, "ana@refugio-a.example")


async def _phone(db: Database, slug: str) -> Phone:
    async with db.session() as session:
        found = await session.scalar(
            select(Phone).join(Organization).where(Organization.slug == slug)
        )
    assert found is not None
    return found


async def _revisions(db: Database) -> int:
    async with db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(Revision)) or 0)


def _version(page: str) -> str:
    found = re.search(r'name="expected_version" value="(\d+)"', page)
    assert found
    return found.group(1)


async def test_changing_a_phone_number_keeps_its_flags(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _setup(db, client)
    phone = await _phone(db, "refugio-a")
    shown = await client.get("/manage/o/refugio-a")
    edit_url = f"/manage/o/refugio-a/phones/{phone.id}/edit"
    assert edit_url in shown.text
    page = await client.get(edit_url)
    assert page.status_code == 200
    values = form_values(page.text, PHONE_FIELDS)
    assert values["hotline"] == "yes" and values["open24x7"] == "yes"
    assert values["visibility"] == "CONFIDENTIAL"
    done = await client.post(
        edit_url,
        data={
            **values,
            "number": "+52 55 5555 9876",
            "csrf_token": csrf_of(page.text),
            "expected_version": _version(page.text),
        },
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?saved=1")
    now = await _phone(db, "refugio-a")
    assert now.e164 == "+525555559876"
    assert (now.type, now.is_hotline, now.is_24_7, now.languages, now.visibility) == (
        "whatsapp",
        True,
        True,
        ["es", "en"],
        "CONFIDENTIAL",
    )


async def test_an_invalid_number_comes_back_with_every_value_kept(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _setup(db, client)
    phone = await _phone(db, "refugio-a")
    edit_url = f"/manage/o/refugio-a/phones/{phone.id}/edit"
    page = await client.get(edit_url)
    values = form_values(page.text, PHONE_FIELDS)
    before = await _revisions(db)
    refused = await client.post(
        edit_url,
        data={
            **values,
            "number": "no es un número",
            "description": "Solo por las tardes",
            "hotline": "no",
            "csrf_token": csrf_of(page.text),
            "expected_version": _version(page.text),
        },
    )
    assert refused.status_code == 400
    assert 'href="#number"' in refused.text and 'aria-invalid="true"' in refused.text
    kept = form_values(refused.text, PHONE_FIELDS)
    assert kept["number"] == "no es un número"
    assert kept["description"] == "Solo por las tardes" and kept["hotline"] == "no"
    assert await _revisions(db) == before
    assert (await _phone(db, "refugio-a")).e164 == phone.e164


async def test_a_stale_form_gets_the_conflict_page_and_writes_nothing(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _setup(db, client)
    phone = await _phone(db, "refugio-a")
    edit_url = f"/manage/o/refugio-a/phones/{phone.id}/edit"
    first = await client.get(edit_url)
    second = await client.get(edit_url)
    token = csrf_of(first.text)
    saved = await client.post(
        edit_url,
        data={
            **form_values(first.text, PHONE_FIELDS),
            "description": "Atiende una abogada",
            "csrf_token": token,
            "expected_version": _version(first.text),
        },
    )
    assert saved.status_code == 303
    before = await _revisions(db)
    stale = await client.post(
        edit_url,
        data={
            **form_values(second.text, PHONE_FIELDS),
            "number": "+52 55 1111 2222",
            "csrf_token": token,
            "expected_version": _version(second.text),
        },
    )
    assert stale.status_code == 409
    assert "Atiende una abogada" in stale.text  # what changed meanwhile
    assert form_values(stale.text, PHONE_FIELDS)["number"] == "+52 55 1111 2222"
    assert await _revisions(db) == before
    assert (await _phone(db, "refugio-a")).e164 == phone.e164


async def test_another_organizations_items_are_404_and_nothing_is_written(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _setup(db, client)
    own = await _phone(db, "refugio-a")
    theirs = await _phone(db, "refugio-b")
    page = await client.get(f"/manage/o/refugio-a/phones/{own.id}/edit")
    token = csrf_of(page.text)
    form = {
        **form_values(page.text, PHONE_FIELDS),
        "number": "+52 55 0000 0000",
        "csrf_token": token,
        "expected_version": "1",
    }
    async with db.session() as session:
        their_contact = await session.scalar(
            select(Contact.id).join(Organization).where(Organization.slug == "refugio-b")
        )
        their_service = await session.scalar(
            select(Service.id).join(Organization).where(Organization.slug == "refugio-b")
        )
    before = await _revisions(db)
    for url in (
        f"/manage/o/refugio-b/phones/{theirs.id}/edit",  # their listing
        f"/manage/o/refugio-a/phones/{theirs.id}/edit",  # their item under our listing
        f"/manage/o/refugio-a/services/{their_service}/edit",
        "/manage/o/refugio-a/phones/not-an-id/edit",
        f"/manage/o/refugio-a/nonsense/{own.id}/edit",
    ):
        assert (await client.get(url)).status_code == 404, url
        assert (await client.post(url, data=form)).status_code == 404, url
    for url in (
        f"/manage/o/refugio-a/phones/{theirs.id}/delete",
        f"/manage/o/refugio-b/phones/{theirs.id}/delete",
        "/manage/o/refugio-b/confirm",
        "/manage/o/refugio-b/areas",
    ):
        assert (await client.post(url, data=form)).status_code == 404, url
    # A hidden owner field naming their contact: 404, by GET link or posted form.
    owner = f"contact:{their_contact}"
    assert (await client.get(f"/manage/o/refugio-a/phones/new?owner={owner}")).status_code == 404
    posted = await client.post("/manage/o/refugio-a/phones/new", data={**form, "owner": owner})
    assert posted.status_code == 404 and "Page not found" in posted.text
    assert await _revisions(db) == before
    assert (await _phone(db, "refugio-b")).e164 == theirs.e164


async def test_still_accurate_records_a_confirmation_not_a_verification(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _setup(db, client)
    page = await client.get("/manage/o/refugio-a")
    assert "Still accurate" in page.text
    done = await client.post("/manage/o/refugio-a/confirm", data={"csrf_token": csrf_of(page.text)})
    assert done.status_code == 303
    async with db.session() as session:
        org = await session.scalar(select(Organization).where(Organization.slug == "refugio-a"))
    assert org is not None and org.confirmed_at is not None
    assert org.verification_status != "VERIFIED"
    shown = await client.get("/manage/o/refugio-a?confirmed=1")
    assert "recorded as still accurate" in shown.text
    refused = await client.post("/manage/o/refugio-a/confirm", data={})
    assert refused.status_code == 403


async def test_a_service_with_hours_is_added_and_bad_hours_are_refused(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _setup(db, client)
    page = await client.get("/manage/o/refugio-a/services/new")
    assert page.status_code == 200
    values = form_values(page.text, SERVICE_FIELDS)
    values.update(
        {
            "name": "Asesoría legal",
            "categories": "legal-aid\nhotline",
            "trafficking_types": "labor",
            "languages": "es, en",
            "timezone": "America/Mexico_City",
            "open24x7": "no",
            "hours-MO-opens": "09:00",
            "hours-MO-closes": "17:00",
            "hours-TU-opens": "9 am",
        }
    )
    data = {
        **as_form(values, CHECKBOXES),
        "csrf_token": [csrf_of(page.text)],
        "expected_version": [_version(page.text)],
    }
    before = await _revisions(db)
    refused = await client.post("/manage/o/refugio-a/services/new", data=data)
    assert refused.status_code == 400
    assert 'href="#hours-TU-opens"' in refused.text
    kept = form_values(refused.text, SERVICE_FIELDS)
    assert kept["hours-TU-opens"] == "9 am" and kept["categories"] == "hotline\nlegal-aid"
    assert await _revisions(db) == before

    data["hours-TU-opens"] = ["09:00"]
    data["hours-TU-closes"] = ["13:00"]
    assert (await client.post("/manage/o/refugio-a/services/new", data=data)).status_code == 303
    async with db.session() as session:
        service = await session.scalar(select(Service).where(Service.name == "Asesoría legal"))
    assert service is not None
    assert sorted(service.categories) == ["hotline", "legal-aid"]
    assert service.open_24_7 is False and service.timezone == "America/Mexico_City"
    assert {"days": ["TU"], "opens": "09:00", "closes": "13:00"} in service.hours


async def test_service_areas_keep_their_municipalities(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _setup(db, client)
    page = await client.get("/manage/o/refugio-a/areas")
    assert page.status_code == 200
    values = form_values(page.text, ["areas-MX", "areas-US", "areas-CA"])
    assert values["areas-MX"] == "MX-CMX"
    values["areas-MX"] = "MX-CMX\nMX-JAL"
    data = {
        **as_form(values, ("areas-MX", "areas-US", "areas-CA")),
        "csrf_token": [csrf_of(page.text)],
        "expected_version": [_version(page.text)],
    }
    assert (await client.post("/manage/o/refugio-a/areas", data=data)).status_code == 303
    async with db.session() as session:
        rows = (
            await session.scalars(
                select(ServiceArea)
                .join(Organization)
                .where(Organization.slug == "refugio-a", ServiceArea.service_id.is_(None))
            )
        ).all()
    assert sorted((a.subdivision, a.municipality) for a in rows) == [
        ("MX-CMX", "Coyoacán"),
        ("MX-JAL", None),
    ]


async def test_contacts_and_places_are_added_confidential_unless_chosen(
    db: Database, client: httpx.AsyncClient
) -> None:
    await _setup(db, client)
    page = await client.get("/manage/o/refugio-a/contacts/new")
    assert 'value="CONFIDENTIAL" checked' in page.text
    done = await client.post(
        "/manage/o/refugio-a/contacts/new",
        data={
            "name": "Dra. López",
            "csrf_token": csrf_of(page.text),
            "expected_version": _version(page.text),
        },
    )
    assert done.status_code == 303
    async with db.session() as session:
        contact = await session.scalar(select(Contact).where(Contact.name == "Dra. López"))
    assert contact is not None and contact.visibility == "CONFIDENTIAL"

    place = await client.get("/manage/o/refugio-a/locations/new")
    refused = await client.post(
        "/manage/o/refugio-a/locations/new",
        data={
            "name": "Casa",
            "latitude": "norte",
            "visibility": "PUBLIC",
            "csrf_token": csrf_of(place.text),
            "expected_version": _version(place.text),
        },
    )
    assert refused.status_code == 400 and 'href="#latitude"' in refused.text
    assert 'value="PUBLIC" checked' in refused.text


async def test_item_forms_speak_spanish_and_french(db: Database, client: httpx.AsyncClient) -> None:
    await _setup(db, client)
    phone = await _phone(db, "refugio-a")
    for language, phrases in (
        ("es", ("¿Es una línea de ayuda?", "Confidencial", "Guardar")),
        ("fr", ("Est-ce une ligne d'écoute?", "Confidentiel", "Qui peut le voir")),
    ):
        client.cookies.set("directory_lang", language)
        page = await client.get(f"/manage/o/refugio-a/phones/{phone.id}/edit")
        assert f'lang="{language}"' in page.text
        for phrase in phrases:
            assert phrase.replace("'", "&#39;") in page.text, (language, phrase)
        service = await client.get("/manage/o/refugio-a/services/new")
        assert ("Lunes: abre a las" if language == "es" else "Lundi : ouvre à") in service.text
