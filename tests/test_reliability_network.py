"""No network at run time, no telemetry, and private files at rest.

`ngo-kb ingest`, `ngo-kb ask` and `ngo-kb serve` (with a chat question through gradio_client)
run as subprocesses in a network namespace that has only loopback (`unshare --net`, root only),
with a `sitecustomize` that records every attempt to reach a non-loopback address or to resolve a
name: all must succeed with no attempt at all. (Pointing the Ollama host at 10.1.2.3 makes the
serve test fail with "lookup 10.1.2.3", "connect 10.1.2.3": the recorder sees the server's
requests.)
(The in-process socket guard is in tests/test_end_to_end.py.)
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from kb.index import KnowledgeBase
from kb.pipeline import answer
from kb.schema import Status
from tests.conftest import ROOT, make_settings

DOC = "annual-report-2025.md"
QUESTION = "How many households received emergency rent aid in 2025?"

# Loaded by every Python process whose path starts with its directory.
RECORDER = """
import ipaddress, os, socket

_LOG = os.environ["NGOKB_TEST_NET_LOG"]


def _note(what):
    with open(_LOG, "a") as out:
        out.write(what + "\\n")


def _loopback(host):
    if not isinstance(host, str) or host in ("", "localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def connect(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
        _note(f"connect {address[0]}")
    return _connect(sock, address)


def connect_ex(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
        _note(f"connect {address[0]}")
    return _connect_ex(sock, address)


def getaddrinfo(host, *args, **kwargs):
    if not _loopback(host):
        _note(f"lookup {host}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = getaddrinfo
"""


def _namespace_available() -> str | None:
    if os.geteuid() != 0:
        return "unshare --net needs root"
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare or ip is not installed"
    probe = subprocess.run(
        ["unshare", "--net", "ip", "link", "set", "lo", "up"], capture_output=True, text=True
    )
    return None if probe.returncode == 0 else f"unshare --net failed: {probe.stderr.strip()}"


def _offline(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run `ngo-kb ARGS` with loopback only; return the run and the recorded network attempts."""
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(RECORDER)
    net_log = tmp_path / f"net-{args[0]}.log"
    net_log.write_text("")
    command = " ".join(["ip link set lo up &&", sys.executable, "-m", "ui.cli"])
    done = subprocess.run(
        ["unshare", "--net", "sh", "-c", f'{command} "$@"', "ngo-kb", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        env={
            **os.environ,
            "PYTHONPATH": f"{hooks}{os.pathsep}{ROOT}",
            "NGOKB_TEST_NET_LOG": str(net_log),
            # what is under test is the network, not the answer: a shorter prompt saves minutes
            "NGOKB_LLM_PASSAGES": "2",
        },
    )
    return done, net_log.read_text().splitlines()


@pytest.fixture
def loopback_only() -> None:
    if (reason := _namespace_available()) is not None:
        pytest.skip(reason)


@pytest.mark.parametrize("mode", ["extractive", pytest.param("auto", marks=pytest.mark.slow)])
def test_ingest_and_ask_succeed_with_loopback_only(
    loopback_only: None, tmp_path: Path, samples_dir: Path, mode: str
) -> None:
    data_dir = tmp_path / "kb"
    ingest, ingest_attempts = _offline(
        tmp_path, "ingest", str(samples_dir / DOC), "--data-dir", str(data_dir)
    )
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    assert "files ok: 1" in ingest.stdout

    flags = ["--extractive"] if mode == "extractive" else []
    ask, ask_attempts = _offline(
        tmp_path, "ask", "--json", *flags, QUESTION, "--data-dir", str(data_dir)
    )
    assert ask.returncode == 0, ask.stderr[-2000:]
    result = json.loads(ask.stdout)
    assert not result["refused"], result
    assert result["citations"][0]["document"] == DOC
    if mode == "auto":
        # What matters here is that the embedded model answered with no network; whether the
        # small model picks the right figure is measured by the eval harness, not asserted.
        assert result["backend"] in ("embedded", "extractive"), result["backend_note"]
        assert "did not answer" not in result["backend_note"]
    else:
        assert "238" in result["answer"], result
    assert ingest_attempts == [] and ask_attempts == []
    assert "Traceback" not in ingest.stderr + ask.stderr
    # the command line writes every file of the knowledge base (Chroma's included) private
    exposed = {str(p.relative_to(data_dir)) for p in data_dir.rglob("*") if _group_or_world_bits(p)}
    assert exposed == set()


def test_chroma_telemetry_is_off(tmp_path: Path) -> None:
    kb = KnowledgeBase(make_settings(tmp_path / "kb"))
    try:
        client = kb.vector_store.client
        assert client.get_settings().anonymized_telemetry is False
    finally:
        kb.close()


def _group_or_world_bits(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode) & 0o077


def test_files_at_rest_are_private(tmp_path: Path, samples_dir: Path) -> None:
    settings = make_settings(tmp_path / "kb")
    assert ingest_paths([samples_dir / DOC], settings).ok == [DOC]
    result = answer(QUESTION, settings, mode="extractive")
    assert result.status is Status.ANSWERED_EXTRACTIVE and result.audit_id

    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(settings.secret_key_path.stat().st_mode) == 0o600
    private = [
        settings.secret_key_path,
        settings.audit_path,
        settings.audit_path.with_name("audit.jsonl.head"),
        settings.audit_path.with_name("audit.jsonl.lock"),
        settings.manifest_path,
        *settings.data_dir.glob("manifest.sqlite3-*"),
    ]
    exposed = {p.name: oct(_group_or_world_bits(p)) for p in private if _group_or_world_bits(p)}
    assert exposed == {}


SERVE_AND_ASK = """
ip link set lo up
"$PYTHON" -m ui.cli serve --data-dir "$DATA" --port "$PORT" > "$SERVE_LOG" 2>&1 &
server=$!
"$PYTHON" - <<'EOF_CLIENT'
import os, time, urllib.request
from gradio_client import Client

url = f"http://127.0.0.1:{os.environ['PORT']}/"
for _ in range(600):
    try:
        urllib.request.urlopen(url, timeout=2)
        break
    except OSError:
        time.sleep(1)
client = Client(url, verbose=False)
messages, _ = client.submit(os.environ["QUESTION"], api_name="/ask").result(timeout=600)
print("ANSWER:", messages[-1]["content"])
EOF_CLIENT
status=$?
kill $server
exit $status
"""


def test_serve_and_a_chat_answer_with_loopback_only(
    loopback_only: None, tmp_path: Path, samples_dir: Path
) -> None:
    settings = make_settings(tmp_path / "kb")
    assert ingest_paths([samples_dir / DOC], settings).ok == [DOC]
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(RECORDER)
    net_log = tmp_path / "net-serve.log"
    net_log.write_text("")
    env = {
        **{k: v for k, v in os.environ.items() if "proxy" not in k.lower()},
        "PYTHONPATH": f"{hooks}{os.pathsep}{ROOT}",
        "NGOKB_TEST_NET_LOG": str(net_log),
        "NGOKB_LLM_BACKEND": "extractive",  # the network is under test, not the model
        "PYTHON": sys.executable,
        "DATA": str(settings.data_dir),
        "PORT": "7861",  # a fresh network namespace: nothing else listens there
        "SERVE_LOG": str(tmp_path / "serve.log"),
        "QUESTION": QUESTION,
    }
    done = subprocess.run(
        ["unshare", "--net", "bash", "-c", SERVE_AND_ASK],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        env=env,
    )
    serve_log = (tmp_path / "serve.log").read_text()
    assert done.returncode == 0, done.stderr[-2000:] + serve_log[-2000:]
    assert "ANSWER:" in done.stdout and "238" in done.stdout, done.stdout[-2000:]
    assert net_log.read_text().splitlines() == []
    assert "Traceback" not in serve_log
