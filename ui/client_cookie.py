"""The client cookie that a signed-in role is bound to, so a replayed session hash gets nothing.

Gradio keys a session's state by its session hash, which the browser sends in the query string of
`/gradio_api/queue/data` (a proxy's access log keeps it). The role is therefore bound, at
sign-in, to a random token in an HttpOnly, SameSite=Strict cookie that this middleware gives
every client on its first request; scripts cannot read it and other sites cannot send it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Callable, MutableMapping
from typing import Any

from starlette.requests import HTTPConnection

from ui.limits import ASGIApp

COOKIE = "ngokb_client"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def client_token(request: Any) -> str | None:
    """The well-formed client token a request carries (gr.Request or Starlette), else None."""
    cookies = getattr(request, "cookies", None) if request is not None else None
    token = cookies.get(COOKIE) if cookies else None
    return token if isinstance(token, str) and _TOKEN.fullmatch(token) else None


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_client(digest: str | None, request: Any) -> bool:
    """Whether `request` carries the cookie whose digest was recorded at sign-in."""
    token = client_token(request)
    return bool(digest and token) and hmac.compare_digest(digest, token_digest(token or ""))


class ClientCookie:
    """ASGI middleware: a response to a request without a client token sets a new one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or client_token(HTTPConnection(scope)):
            await self.app(scope, receive, send)
            return
        cookie = f"{COOKIE}={secrets.token_urlsafe(32)}; Path=/; HttpOnly; SameSite=Strict"
        if scope.get("scheme") == "https":
            cookie += "; Secure"

        async def with_cookie(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"set-cookie", cookie.encode("latin-1"))]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_cookie)


class SignedInClients:
    """Which client cookies are signed in now, for routes outside Gradio's event handlers (the
    upload and cached-file routes), which cannot see a session's gr.State. Per app."""

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.clock = clock
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def add(self, digest: str) -> None:
        with self._lock:
            now = self.clock()
            self._until = {d: t for d, t in self._until.items() if t > now}
            self._until[digest] = now + self.ttl_s

    def remove(self, request: Any) -> None:
        token = client_token(request)
        if token:
            with self._lock:
                self._until.pop(token_digest(token), None)

    def __contains__(self, request: object) -> bool:
        token = client_token(request)
        with self._lock:
            until = self._until.get(token_digest(token)) if token else None
        return until is not None and until > self.clock()
