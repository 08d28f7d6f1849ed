"""The listing workspace (``/manage``) and the landing page (``/``): server-rendered pages
where NGO staff keep their own listing true and administrators verify listings.

An HTTP edge like the GraphQL endpoint: it signs in as the service's first-party OAuth
client, acts as the staff member's principal, and writes only through the domain functions.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from server.workspace import admin, areas, confirm, edit, items, pages, password, signin
from server.workspace.render import stylesheet_route


def workspace_routes() -> list[BaseRoute]:
    return [
        Route("/", pages.landing, methods=["GET"]),
        Route("/guide", pages.guide, methods=["GET"]),
        Route("/manage", pages.home, methods=["GET"]),
        Route("/manage/signin", signin.sign_in, methods=["GET"]),
        Route("/manage/callback", signin.callback, methods=["GET"]),
        Route("/manage/signout", signin.sign_out, methods=["POST"]),
        Route("/manage/language", pages.language, methods=["GET"]),
        Route("/manage/static/{name}", stylesheet_route, methods=["GET"]),
        Route("/manage/password", password.set_password, methods=["GET", "POST"]),
        Route("/manage/o/{slug}", pages.listing, methods=["GET"]),
        Route("/manage/o/{slug}/edit", edit.edit_organization, methods=["GET", "POST"]),
        Route("/manage/o/{slug}/history", pages.history, methods=["GET"]),
        Route("/manage/o/{slug}/confirm", confirm.confirm, methods=["POST"]),
        Route("/manage/o/{slug}/areas", areas.edit_areas, methods=["GET", "POST"]),
        Route("/manage/o/{slug}/{kind}/new", items.new_item, methods=["GET", "POST"]),
        Route("/manage/o/{slug}/{kind}/{id}/edit", items.edit_item, methods=["GET", "POST"]),
        Route("/manage/o/{slug}/{kind}/{id}/delete", items.delete_item, methods=["POST"]),
        Route("/manage/admin/queue", admin.queue, methods=["GET"]),
        Route("/manage/admin/queue/{slug}", admin.decide, methods=["POST"]),
        Route("/manage/admin/accounts", admin.accounts_page, methods=["GET", "POST"]),
        Route(
            "/manage/admin/accounts/{id}/{action:str}",
            admin.account_action,
            methods=["POST"],
        ),
        Route("/manage/admin/clients", admin.clients_page, methods=["GET", "POST"]),
        Route("/manage/{rest:path}", pages.missing, methods=["GET", "POST"]),
    ]
