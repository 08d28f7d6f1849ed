"""Signing in to the workspace as a browser would: the sign-in link, the sign-in page, the
callback; and reading forms out of pages."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import httpx

from tests.auth.helpers import PASSWORD, read_form


async def sign_in(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    start = await http.get("/manage/signin")
    assert start.status_code == 303, start.text
    page = await http.get(start.headers["location"])
    assert page.status_code == 200, page.text
    form = read_form(page.text)
    done = await http.post(
        "/oauth/authorize",
        data={**form.fields, "email": email, "password": password, "decision": "approve"},
    )
    assert done.status_code == 302, done.text
    back = urlsplit(done.headers["location"])
    assert back.path == "/manage/callback"
    return await http.get(f"{back.path}?{back.query}")


def csrf_of(page: str) -> str:
    found = re.findall(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return unescape(found[-1])  # the page's own form comes after the header's sign-out


def field_value(page: str, name: str) -> str:
    found = re.search(rf'<input id="{name}" name="{name}"[^>]* value="([^"]*)"', page)
    if found:
        return unescape(found.group(1))
    area = re.search(rf'<textarea id="{name}" name="{name}"[^>]*>([^<]*)</textarea>', page)
    assert area, f"no field {name}"
    return unescape(area.group(1))


def form_values(page: str, names: list[str]) -> dict[str, str]:
    values = {}
    for name in names:
        selected = re.search(
            rf'<select id="{name}" name="{name}"[^>]*>.*?<option value="([^"]*)" selected',
            page,
            re.S,
        )
        if selected:
            values[name] = unescape(selected.group(1))
            continue
        ticked = re.findall(
            rf'<input type="(?:radio|checkbox)" id="[^"]*" name="{name}" value="([^"]*)" checked',
            page,
        )
        if ticked or f'name="{name}" value=' in page:
            values[name] = "\n".join(unescape(v) for v in ticked)
            continue
        values[name] = field_value(page, name)
    return values


def as_form(values: dict[str, str], multiple: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Form values as posted: a checkbox field's ticked choices each as a value."""
    return {
        name: [v for v in value.split("\n") if v] if name in multiple else [value]
        for name, value in values.items()
    }
