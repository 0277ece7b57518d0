"""Gradio's upload route and its cached files are for signed-in staff only.

Gradio accepts `POST /gradio_api/upload` from anyone and serves what it keeps through
`/gradio_api/file=`; raw uploads and audit exports are the only files this app keeps there, so
both routes answer 403 to a client whose cookie is not signed in (ui/client_cookie.py).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse

from ui.client_cookie import SignedInClients
from ui.i18n import both_languages
from ui.limits import ASGIApp

_FILE_ROUTE = "/file="


def _cached_file(path: str, cache: Path) -> bool:
    """Whether a `/file=` path names something inside Gradio's cache."""
    _, _, name = path.partition(_FILE_ROUTE)
    try:
        return Path(unquote(name)).resolve().is_relative_to(cache)
    except (OSError, ValueError):
        return True  # unreadable: refuse rather than guess


class StaffOnlyFiles:
    """ASGI middleware: the upload route and cached files need a signed-in client cookie."""

    def __init__(self, app: ASGIApp, signed_in: SignedInClients, cache_dir: Path) -> None:
        self.app = app
        self.signed_in = signed_in
        self.cache = cache_dir.resolve()

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        path = str(scope.get("path", ""))
        guarded = scope["type"] == "http" and (
            (scope["method"] == "POST" and path.endswith("/upload"))
            or (_FILE_ROUTE in path and _cached_file(path, self.cache))
        )
        if guarded and HTTPConnection(scope) not in self.signed_in:
            response = PlainTextResponse(both_languages("sign_in_for_files"), status_code=403)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
