"""The sign-in and consent page: CSRF, wrong passwords, the slowed-down pace, languages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from auth.clients import CreatedClient
from auth.models import SignInThrottle
from tests.auth.conftest import Service
from tests.auth.helpers import (
    PASSWORD,
    authorization_params,
    organization,
    partner,
    pkce,
    read_form,
    redirect_params,
    sign_in,
    staff,
)

EMAIL = "ana@casa-refugio.example"


async def _setup(service: Service) -> CreatedClient:
    await organization(service.db, "casa-refugio")
    await staff(service.db, EMAIL, "casa-refugio")
    return await partner(service.db, "directory:read listings:write", grant="authorization_code")


async def test_the_page_names_the_client_and_the_scopes_in_the_callers_language(
    service: Service,
) -> None:
    client = await _setup(service)
    _, challenge = pkce()
    params = authorization_params(client, challenge)
    for language, expected in (
        ("es-MX,es;q=0.9", "Crear, actualizar y archivar el registro de su propia organización"),
        ("fr-CA", "Créer, modifier et archiver la fiche de votre propre organisation"),
        ("en-US", "Create, update and archive your own organization&#39;s listing"),
    ):
        page = await service.http.get(
            "/oauth/authorize", params=params, headers={"Accept-Language": language}
        )
        assert page.status_code == 200
        assert expected in page.text
        assert "Línea Partner Hotline" in page.text
        assert 'name="email"' in page.text and 'name="password"' in page.text
        assert page.headers["x-frame-options"] == "DENY"


async def test_a_post_without_its_csrf_token_is_refused(service: Service) -> None:
    client = await _setup(service)
    _, challenge = pkce()
    page = await service.http.get(
        "/oauth/authorize", params=authorization_params(client, challenge)
    )
    form = read_form(page.text).fields
    for fields in (
        {k: v for k, v in form.items() if k != "csrf_token"},
        {**form, "csrf_token": "forged"},
    ):
        response = await service.http.post(
            "/oauth/authorize",
            data={**fields, "email": EMAIL, "password": PASSWORD, "decision": "approve"},
        )
        assert response.status_code == 400
        assert "location" not in response.headers
    # Without the cookie (a cross-site form), the right-looking token does not help either.
    service.http.cookies.clear()
    response = await service.http.post(
        "/oauth/authorize",
        data={**form, "email": EMAIL, "password": PASSWORD, "decision": "approve"},
    )
    assert response.status_code == 400 and "location" not in response.headers


async def test_a_wrong_password_or_unknown_account_gives_no_code(service: Service) -> None:
    client = await _setup(service)
    _, challenge = pkce()
    for email, password in ((EMAIL, "wrong password!!"), ("nobody@example.org", PASSWORD)):
        response = await sign_in(
            service.http, client, email=email, password=password, challenge=challenge
        )
        assert response.status_code == 400
        assert "Wrong e-mail address or password" in response.text
        assert "location" not in response.headers


async def test_repeated_failures_slow_sign_in_down_even_for_the_right_password(
    service: Service,
) -> None:
    client = await _setup(service)
    _, challenge = pkce()
    for _ in range(4):
        wrong = await sign_in(
            service.http, client, email=EMAIL, password="nope nope nope", challenge=challenge
        )
        assert "Wrong e-mail address or password" in wrong.text
    fifth = await sign_in(
        service.http, client, email=EMAIL, password="nope nope nope", challenge=challenge
    )
    assert "Try again in 30 seconds" in fifth.text

    blocked = await sign_in(service.http, client, email=EMAIL, challenge=challenge)
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["retry-after"]) <= 30
    assert "location" not in blocked.headers

    # Once the wait is over, another failure doubles it ...
    await _end_wait(service)
    sixth = await sign_in(
        service.http, client, email=EMAIL, password="nope nope nope", challenge=challenge
    )
    assert "Try again in 60 seconds" in sixth.text
    # ... and after that wait the right password signs in and clears the count.
    await _end_wait(service)
    assert "code" in redirect_params(
        await sign_in(service.http, client, email=EMAIL, challenge=challenge)
    )
    again = await sign_in(
        service.http, client, email=EMAIL, password="nope nope nope", challenge=challenge
    )
    assert "Wrong e-mail address or password" in again.text


async def _end_wait(service: Service) -> None:
    """Let the blocking period pass (it is stored in the shared table)."""
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    async with service.db.write() as session:
        await session.execute(update(SignInThrottle).values(blocked_until=past))


async def test_an_editor_cannot_approve_admin_rights(service: Service) -> None:
    await _setup(service)
    wide = await partner(service.db, "directory:admin", grant="authorization_code")
    _, challenge = pkce()
    response = await sign_in(
        service.http, wide, email=EMAIL, challenge=challenge, scope="directory:admin"
    )
    assert redirect_params(response)["error"] == "invalid_scope"


async def test_staff_of_another_organization_cannot_use_a_bound_application(
    service: Service,
) -> None:
    await _setup(service)
    await organization(service.db, "otra-org")
    bound = await partner(service.db, "directory:read", grant="authorization_code")
    from sqlalchemy import select

    from auth.models import OAuthClient
    from directory.models import Organization

    async with service.db.write() as session:
        other = await session.scalar(select(Organization.id).where(Organization.slug == "otra-org"))
        await session.execute(
            update(OAuthClient)
            .where(OAuthClient.client_id == bound.client_id)
            .values(organization_id=other)
        )
    _, challenge = pkce()
    response = await sign_in(service.http, bound, email=EMAIL, challenge=challenge)
    assert redirect_params(response)["error"] == "access_denied"
