"""authlib's request objects built from a Starlette request whose body was already read.

authlib is synchronous and runs in a worker thread, so the glue reads the form first (on
the event loop) and hands authlib this plain snapshot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from authlib.oauth2.rfc6749 import OAuth2Payload, OAuth2Request
from starlette.requests import Request


class FormPayload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in pairs:
            self._datalist[key].append(value)
        self._data = {key: values[0] for key, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class SnapshotRequest(OAuth2Request):  # type: ignore[misc]
    """An ``OAuth2Request`` of query and form values already read.

    authlib's own constructor refuses plain-HTTP URLs; this service runs behind a proxy that
    terminates TLS (the issuer URL is ``https://…`` in production), so that check is left
    to the deployment and the constructor is not called.
    """

    def __init__(
        self,
        method: str,
        uri: str,
        headers: Mapping[str, str],
        query: list[tuple[str, str]],
        form: list[tuple[str, str]],
    ) -> None:
        self.method = method
        self.uri = uri
        self.headers = headers
        self._body = None
        self.client: Any = None
        self.auth_method: str | None = None
        self.user: Any = None
        self.authorization_code: Any = None
        self.refresh_token: Any = None
        self.credential: Any = None
        self.granted_scope: str | None = None
        """The scope the signed-in user approved (set by the sign-in page)."""
        self._args = dict(query)
        self._form = dict(form)
        self.payload = FormPayload(query + form)

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


async def snapshot(request: Request) -> SnapshotRequest:
    form: list[tuple[str, str]] = []
    if request.method == "POST":
        data = await request.form()
        form = [(k, v) for k, v in data.multi_items() if isinstance(v, str)]
    return SnapshotRequest(
        request.method,
        str(request.url),
        request.headers,
        list(request.query_params.multi_items()),
        form,
    )
