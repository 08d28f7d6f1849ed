"""The one-time set-password page an administrator hands over (new account or reset).

The token travels in the query string (``/manage/password?t=…``), which never reaches the
logs; the link works once and expires."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from auth import accounts
from server.workspace import csrf
from server.workspace.render import page
from server.workspace.visit import service_of, visit


async def set_password(request: Request) -> Response:
    current = await visit(request)
    db = service_of(request).db
    token = request.query_params.get("t", "")
    email = await accounts.link_email(db, token) if token else None
    if email is None:
        return page(current, "link_unusable.html", status=404)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = await request.form()
        presented = form.get(csrf.FIELD)
        if not csrf.valid(token, presented if isinstance(presented, str) else None):
            return page(current, "error.html", status=403, code=403)
        password = str(form.get("password") or "")
        confirm = str(form.get("confirm") or "")
        problem = accounts.check_password(password)
        if problem:
            short = "at least" in problem
            errors["password"] = (
                current._("The password must have at least 12 characters.")
                if short
                else current._("The password is too long.")
            )
        elif password != confirm:
            errors["confirm"] = current._("The two passwords are not the same.")
        if not errors:
            try:
                await accounts.use_link(db, token, password)
            except accounts.LinkUnusable:
                return page(current, "link_unusable.html", status=404)
            return page(current, "password_set.html", email=email)
    return page(
        current,
        "set_password.html",
        status=400 if errors else 200,
        email=email,
        token=token,
        form_token=csrf.token_for(token),
        errors=errors,
    )
