"""A real OpenAI-compatible HTTP server on 127.0.0.1: llama.cpp's own server (xllamacpp) serving
the embedded GGUF, in a child process so that a test can kill it mid-answer.

Run as `python -m tests.openai_server MODEL_PATH PORT ALIAS [embedding]`; `serving(...)` does
that, waits for /health and stops the process afterwards. With `embedding` the server answers
`/v1/embeddings` instead of chat (llama.cpp's embedding mode, mean pooling: the chat GGUF's
hidden states, which retrieval tests need only to be deterministic and close for close texts).
(xllamacpp's server accepts any API key: the tests prove that ngo-kb never shows the key, not
that this server checks it.)
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kb.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct"
# Generation runs on this machine's CPU: on a busy 2-core box the first token can take minutes,
# and the client's timeout (not under test here) must not cut it off.
SLOW_MACHINE = {"openai_timeout_s": 900.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    base_url: str

    def kill(self) -> None:
        """The server dies at once (SIGKILL), as a crashed or unplugged server would."""
        self.process.kill()
        self.process.wait(timeout=30)


@contextmanager
def serving(settings: Settings, embedding: bool = False) -> Iterator[RunningServer]:
    """The embedded GGUF behind an OpenAI-compatible API on a free port, until the block ends."""
    port = free_port()
    model = str(settings.resolved_model_path)
    mode = ["embedding"] if embedding else []
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.openai_server", model, str(port), MODEL_ALIAS, *mode],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = RunningServer(process, f"http://127.0.0.1:{port}/v1")
    try:
        _wait_until_healthy(server, port)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_until_healthy(server: RunningServer, port: int, timeout_s: float = 300.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the model server exited with {server.process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the model server did not become healthy in time")


def main(model_path: str, port: str, alias: str, mode: str = "chat") -> None:
    import xllamacpp

    from kb.llm_server import engine_params

    params = engine_params(model_path, context_window=4096, threads=2)
    if mode == "embedding":
        params.embedding = True
        params.pooling_type = xllamacpp.llama_pooling_type.LLAMA_POOLING_TYPE_MEAN
    params.port = int(port)
    params.hostnames = ["127.0.0.1"]
    params.model_alias = {alias}
    server = xllamacpp.Server(params)  # serves HTTP on its own threads while this one sleeps
    while server is not None:
        time.sleep(3600)


if __name__ == "__main__":
    main(*sys.argv[1:])
