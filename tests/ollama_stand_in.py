"""A small HTTP server speaking the Ollama API on 127.0.0.1, backed by the embedded engine.

Why it exists: no Ollama server can be installed on these machines (no Debian, PyPI or npm
package ships one), yet the Ollama path of ngo-kb (the real `ollama` client and
llama-index-llms-ollama) must be exercised end to end. This stand-in implements only what those
clients call: GET /api/tags, GET /api/version and POST /api/chat (streamed NDJSON or one JSON
object). Generation is real: the same Qwen GGUF through xllamacpp. `drop_after` makes it cut the
connection after N streamed chunks, to prove the fallback when a server dies mid-answer.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from llama_index.core.base.llms.types import ChatMessage

from kb.llm import EmbeddedLLM, embedded_llm
from kb.settings import Settings

MODEL_TAG = "qwen2.5:1.5b-instruct"
# The stand-in runs the embedded model on this machine's CPU: on a busy 2-core box its first
# token can take minutes, and the client's timeout (not under test here) must not cut it off.
SLOW_MACHINE = {"ollama_timeout_s": 900.0}


class OllamaStandIn:
    def __init__(self, engine: EmbeddedLLM, drop_after: int | None = None) -> None:
        self.engine = engine
        self.drop_after = drop_after
        self.chat_requests: list[dict[str, Any]] = []
        self.model_listings = 0  # GET /api/tags: how often a client probed the server
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                return

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                if self.path == "/api/tags":
                    stand_in.model_listings += 1
                    self._json(
                        200,
                        {
                            "models": [
                                {
                                    "name": MODEL_TAG,
                                    "model": MODEL_TAG,
                                    "size": 1117320768,
                                    "digest": "0" * 64,
                                    "modified_at": datetime.now(UTC).isoformat(),
                                    "details": {"format": "gguf", "family": "qwen2"},
                                }
                            ]
                        },
                    )
                elif self.path == "/api/version":
                    self._json(200, {"version": "0.0.0-stand-in"})
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                if self.path != "/api/chat":
                    self._json(404, {"error": "not found"})
                    return
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.chat_requests.append(request)
                messages = [
                    ChatMessage(role=m["role"], content=m.get("content", ""))
                    for m in request["messages"]
                ]
                if not request.get("stream", True):
                    text = stand_in.engine.chat(messages).message.content or ""
                    self._json(200, _chunk(text, done=True))
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.end_headers()
                replies = stand_in.engine.stream_chat(messages)
                for sent, response in enumerate(replies):
                    if stand_in.drop_after is not None and sent >= stand_in.drop_after:
                        self.connection.close()  # the server "dies" mid-answer
                        replies.close()  # the engine stops at its next token
                        return
                    try:
                        self.wfile.write(
                            (json.dumps(_chunk(response.delta or "", False)) + "\n").encode()
                        )
                        self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):  # the client stopped reading
                        replies.close()
                        return
                self.wfile.write((json.dumps(_chunk("", done=True)) + "\n").encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> OllamaStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _chunk(content: str, done: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": MODEL_TAG,
        "created_at": datetime.now(UTC).isoformat(),
        "message": {"role": "assistant", "content": content},
        "done": done,
    }
    if done:
        body.update(
            {"done_reason": "stop", "total_duration": 1, "prompt_eval_count": 1, "eval_count": 1}
        )
    return body


@contextmanager
def stand_in_for(
    settings: Settings, drop_after: int | None = None, **overrides: object
) -> Iterator[tuple[OllamaStandIn, Settings]]:
    """A stand-in serving the embedded model, and `settings` (with `overrides`) pointed at it."""
    settings = settings.model_copy(update=overrides)
    with OllamaStandIn(embedded_llm(settings), drop_after=drop_after) as server:
        yield (
            server,
            settings.model_copy(
                update={"ollama_host": server.url, "ollama_model": MODEL_TAG, **SLOW_MACHINE}
            ),
        )
