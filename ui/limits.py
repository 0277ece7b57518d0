"""Limits of the public chat: questions per client per minute, reports, and uploads (the line
for the model is `kb.model_line`).

The chat limits answer at once with a clear message instead of letting a question time out.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ui.i18n import both_languages

ASGIApp = Callable[[MutableMapping[str, Any], Any, Any], Awaitable[None]]
_FILENAME = re.compile(rb'content-disposition:[^\r\n]*?filename="([^"\r\n]{1,255})"', re.I)


class RateLimiter:
    """At most `per_minute` questions per key (a client's address) in any 60 seconds (0 = no
    limit). Remembers at most `max_sessions` keys, forgetting the least recently active first.
    """

    def __init__(
        self,
        per_minute: int,
        max_sessions: int = 10_000,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = max(0, per_minute)
        self.max_sessions = max(1, max_sessions)
        self.window_s = window_s
        self.clock = clock
        self._asked: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._asked)

    def wait_s(self, key: str) -> int:
        """0 and the question is counted, or the whole seconds to wait before asking again."""
        if not self.per_minute:
            return 0
        now = self.clock()
        with self._lock:
            times = self._asked.pop(key, None) or deque(maxlen=self.per_minute)
            self._forget_idle(now)
            self._asked[key] = times
            if len(times) == self.per_minute and now - times[0] < self.window_s:
                return max(1, math.ceil(self.window_s - (now - times[0])))
            times.append(now)
            return 0

    def _forget_idle(self, now: float) -> None:
        """Drop the least recently active sessions: those idle for a window, and any beyond
        `max_sessions - 1` (room for the one being added)."""
        while self._asked:
            first = next(iter(self._asked.values()))
            recent = bool(first) and now - first[-1] < self.window_s
            if recent and len(self._asked) < self.max_sessions:
                break
            self._asked.popitem(last=False)


class ReportLimiter:
    """At most `per_hour` reports per chat session and `per_client_hour` per client address in
    any hour (0 = no limit): one session filed 30 reports in 10 s into the review queue."""

    def __init__(self, per_hour: int, per_client_hour: int) -> None:
        self.per_session = RateLimiter(per_hour, window_s=3600.0)
        self.per_client = RateLimiter(per_client_hour, window_s=3600.0)

    def wait_minutes(self, session_id: str, client: str) -> int:
        """0 and the report is counted, or the whole minutes to wait before the next one."""
        wait_s = self.per_session.wait_s(session_id) or self.per_client.wait_s(client)
        return math.ceil(wait_s / 60)


class UploadLimitMessage:
    """ASGI middleware: Gradio's refusal of a too-large upload (HTTP 413) becomes a bilingual
    message naming the file and the limit. The file name is read from the multipart headers."""

    def __init__(self, app: ASGIApp, max_mb: float) -> None:
        self.app = app
        self.max_mb = max_mb

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].endswith("/upload")
        ):
            await self.app(scope, receive, send)
            return
        seen = {"name": b"", "tail": b""}
        replacing = False
        body = b""

        async def sniff() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                data = seen["tail"] + message.get("body", b"")
                names = _FILENAME.findall(data)
                if names:
                    seen["name"] = names[-1]
                seen["tail"] = data[-1024:]
            return message

        async def reply(message: MutableMapping[str, Any]) -> None:
            nonlocal replacing, body
            if message["type"] == "http.response.start" and message["status"] == 413:
                replacing = True
                name = seen["name"].decode("utf-8", errors="replace") or "?"
                text = both_languages("file_too_large", name=name, mb=f"{self.max_mb:g}")
                body = text.encode("utf-8")
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"content-length", b"content-type")
                ]
                headers += [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ]
                await send({**message, "headers": headers})
            elif replacing and message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, sniff, reply)
