"""A real Chroma server (`chroma run`): ingest and answer through it; a closed port fails."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from ingest.pipeline import ingest_paths, rebuild_vectors
from kb.index import KnowledgeBase
from kb.pipeline import answer
from kb.schema import Audience, Status
from kb.store import StoreUnavailable
from tests.conftest import make_settings
from tests.test_end_to_end import _NetworkGuard

CHROMA = Path(sys.executable).parent / "chroma"
QUESTION = "How many hours of training must a new volunteer complete before their first shift?"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A Chroma server on a free loopback port, stopped after the test."""
    if not CHROMA.exists():
        pytest.skip(f"the chroma CLI is not installed at {CHROMA}")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "chroma.log").open("wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "CHROMA_ANONYMIZED_TELEMETRY": "False"}
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not _answers(url):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("chroma server did not start: " + (tmp_path / "chroma.log").read_text())
            time.sleep(0.5)
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _is_loopback(address: object) -> bool:
    ip = getattr(address, "ip", None)
    return not ip or ipaddress.ip_address(ip).is_loopback


def test_ingest_and_answer_through_a_chroma_server(
    chroma_server: tuple[str, subprocess.Popen[bytes]],
    tmp_path: Path,
    samples_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, server = chroma_server
    guard = _NetworkGuard(monkeypatch)  # any connection but loopback (telemetry) is an error
    settings = make_settings(tmp_path / "kb", chroma_url=url)
    files = [samples_dir / "volunteer-handbook.en.pdf", samples_dir / "privacy-policy.html"]
    summary = ingest_paths(files, settings)
    assert sorted(summary.ok) == sorted(f.name for f in files), summary.failed

    result = answer(QUESTION, settings, mode="extractive")

    assert result.status is Status.ANSWERED_EXTRACTIVE, result.backend_note
    assert result.citations and result.citations[0].document == "volunteer-handbook.en.pdf"
    assert "11" in result.answer
    # The vectors live in the server, not in a local Chroma directory.
    assert not settings.chroma_dir.exists()
    assert KnowledgeBase(settings).consistency_problems() == []
    assert guard.attempts == []
    remote = [c.raddr for c in psutil.Process(server.pid).net_connections() if c.raddr]
    assert all(_is_loopback(r) for r in remote), remote


def test_a_closed_port_is_a_clear_error_and_an_error_answer(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    settings = make_settings(tmp_path / "kb", chroma_url=url)

    with pytest.raises(StoreUnavailable, match="127.0.0.1"):
        _ = KnowledgeBase(settings).vector_store

    result = answer(QUESTION, settings, mode="extractive")
    assert result.status is Status.ERROR
    assert result.refused and not result.citations
    assert "Traceback" not in result.answer and "StoreUnavailable" in result.backend_note


def test_two_knowledge_bases_share_a_chroma_server_apart(
    chroma_server: tuple[str, subprocess.Popen[bytes]], tmp_path: Path, samples_dir: Path
) -> None:
    """Each has its own collections: one's reindex (which deletes vectors its catalogue does
    not know) leaves the other's vectors, and neither retrieves the other's passages."""
    url, _ = chroma_server
    handbook = make_settings(tmp_path / "handbook", chroma_url=url)
    policy = make_settings(tmp_path / "policy", chroma_url=url)
    assert ingest_paths([samples_dir / "volunteer-handbook.en.pdf"], handbook).ok
    assert ingest_paths([samples_dir / "privacy-policy.html"], policy).ok

    assert rebuild_vectors(policy).ok == ["privacy-policy.html"]
    for settings, own in ((handbook, "volunteer-handbook.en.pdf"), (policy, "privacy-policy.html")):
        kb = KnowledgeBase(settings)
        try:
            assert kb.consistency_problems() == []
            assert kb.vector_store.count() == kb.catalog.counts()[1]
            found = {p.chunk.file_name for p in kb.retrieve(QUESTION, Audience.STAFF, top_k=20)}
            assert found == {own}
        finally:
            kb.close()
