"""End to end with the real stack: files -> scrubbed chunks in Chroma -> a cited answer from the
embedded LLM, through the `ngo-kb` command line, with no network but loopback."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from kb.pipeline import answer
from kb.settings import Settings
from tests.conftest import ROOT, make_settings

CONTRACT_FIELDS = {
    "question",
    "answer",
    "language",
    "refused",
    "citations",
    "backend",
    "model",
    "guardrails",
    "audit_id",
    "timings_ms",
}
IBM_QUESTION = "IBM SkillsBuild 計畫承諾在哪一年前培訓多少學習者？"


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.slow
def test_cli_ask_json_answers_with_the_right_citation(seeds_kb: Settings) -> None:
    done = _cli("ask", "--json", IBM_QUESTION, data_dir=seeds_kb.data_dir)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert CONTRACT_FIELDS <= result.keys()
    assert result["backend"] == "embedded", result["backend_note"]
    assert result["refused"] is False
    assert result["language"] == "zh-TW"
    compact = result["answer"].replace(" ", "")
    assert "2028" in compact and "200萬" in compact, result["answer"]
    assert result["citations"], "an answer must cite its passages"
    for citation in result["citations"]:
        assert {"n", "document", "location", "quote"} <= citation.keys()
        assert f"[{citation['n']}]" in result["answer"]
    assert any(
        c["document"] == "ai-social-resilience-ngo-gov.zh-TW.txt" for c in result["citations"]
    )
    assert all(g["status"] in ("pass", "fail", "error", "skipped") for g in result["guardrails"])
    assert result["audit_id"] and result["timings_ms"]["total"] > 0


def test_cli_ingest_reports_and_lists(tmp_path: Path, samples_dir: Path) -> None:
    data_dir = tmp_path / "kb"
    target = samples_dir / "annual-report-2025.md"
    first = _cli("ingest", str(target), data_dir=data_dir)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "files ok: 1" in first.stdout
    again = _cli("ingest", str(target), data_dir=data_dir)
    assert "unchanged: 1" in again.stdout
    listing = _cli("list", data_dir=data_dir)
    assert "annual-report-2025.md" in listing.stdout and " ok " in listing.stdout
    doctor = _cli("doctor", "--json", data_dir=data_dir)
    report = json.loads(doctor.stdout)
    assert report["documents"] == 1 and report["chunks"] > 0
    assert report["data_dir"] == str(data_dir.resolve())
    assert report["llm_active"].startswith(("embedded", "extractive"))


class _NetworkGuard:
    """Records (and refuses) every connection or name lookup that is not loopback."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.attempts: list[str] = []
        real_connect = socket.socket.connect
        real_getaddrinfo = socket.getaddrinfo

        def allowed(host: object) -> bool:
            if not isinstance(host, str) or host in ("localhost", ""):
                return True
            try:
                return ipaddress.ip_address(host).is_loopback
            except ValueError:
                return False

        def connect(sock: socket.socket, address: object) -> object:
            host = address[0] if isinstance(address, tuple) else address
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not allowed(host):
                self.attempts.append(f"connect {host}")
                raise OSError("network blocked by test")
            return real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: object) -> int:
            try:
                connect(sock, address)
                return 0
            except OSError:
                return 111

        def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
            if not allowed(host):
                self.attempts.append(f"lookup {host}")
                raise socket.gaierror("network blocked by test")
            return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.slow
def test_no_network_during_ingest_and_ask(
    tmp_path: Path, samples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard = _NetworkGuard(monkeypatch)
    settings = make_settings(tmp_path / "kb")
    files = [samples_dir / "annual-report-2025.md", samples_dir / "privacy-policy.html"]
    summary = ingest_paths(files, settings)
    assert summary.ok and not summary.failed
    result = answer("How long are case records kept?", settings)
    # The embedded model wrote a draft (what the guards then made of it, an answer or quotes
    # when the draft only repeated the prompt's citation example, is not this test's concern).
    assert "generation" in result.timings_ms, result.backend_note
    assert "embedded model verified" in result.backend_note or result.backend == "embedded"
    assert guard.attempts == [], guard.attempts
