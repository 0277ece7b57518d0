"""Uploads are read in a worker process with a time and a memory limit (ingest/worker.py).

Real parts: the real worker process, real Presidio, real Chroma, the real web app. Small limits
(set through the settings) keep the hostile files small and the tests fast; the files are built
here: a long intake list that takes seconds to scrub, a DOCX whose XML takes hundreds of MB once
parsed. The limits are asserted by their error, never by timing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gradio_client import handle_file

from eval.hostile_files import legal_docx, make_docx
from ingest.pipeline import ingest_paths
from ingest.worker import UploadWorker
from kb.schema import Audience
from kb.settings import Settings
from tests.conftest import make_settings
from tests.test_hostile_inputs import _live_chunks
from tests.test_ui_support import RunningApp, app_over_samples, client_for

# Fictitious, valid in format (the Taiwan ID passes its checksum).
PLANTED_ID = "A123456789"
INTAKE_LINE = f"Intake form: applicant ID {PLANTED_ID}, phone 0912-345-678, needs rent aid.\n"
TIMEOUT_S = 1.0
MEMORY_MB = 100.0
TOO_SLOW = f"took longer than {TIMEOUT_S:g} s (NGOKB_UPLOAD_TIMEOUT_S)"
TOO_BIG = f"needed more than {MEMORY_MB:g} MB of memory (NGOKB_UPLOAD_MEMORY_MB)"


def _slow_text() -> str:
    """2.3 MB of intake lines: tens of seconds of scrubbing, far over TIMEOUT_S."""
    return INTAKE_LINE * 30_000


def _memory_docx() -> bytes:
    """A 1 MB DOCX (27:1, under the zip-bomb ratio) with 24 MB of XML, under the default
    NGOKB_MAX_EXPANDED_MB, whose parse tree takes several hundred MB: over MEMORY_MB."""
    return legal_docx(300_000)


def _holding(folder: Path, secret: bytes) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and secret in p.read_bytes()]


@pytest.fixture
def limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[UploadWorker]:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # the child's temp folder, checked for raw data
    settings = make_settings(
        tmp_path / "data", upload_timeout_s=TIMEOUT_S, upload_memory_mb=MEMORY_MB
    )
    worker = UploadWorker(settings)
    yield worker
    worker.close()


def _ingest(path: Path, worker: UploadWorker) -> list[str]:
    summary = ingest_paths([path], worker.settings, Audience.STAFF, prepare=worker.prepare)
    return summary.ok + summary.failed


@pytest.mark.timeout(300)
def test_a_file_over_the_time_limit_is_refused_and_the_indexed_version_kept(
    limited: UploadWorker, tmp_path: Path
) -> None:
    # The default memory allowance: scrubbing 2.3 MB takes well over MEMORY_MB, and on a fast
    # machine it gets there within TIMEOUT_S, so the small cap would fire before the clock.
    limited.settings = limited.settings.model_copy(
        update={"upload_memory_mb": Settings.model_fields["upload_memory_mb"].default}
    )
    settings = limited.settings
    path = tmp_path / "intake.txt"
    path.write_text(INTAKE_LINE, encoding="utf-8")
    assert _ingest(path, limited) == ["intake.txt"]
    before = _live_chunks(settings)
    first_worker = limited.pid
    assert first_worker is not None

    path.write_text(_slow_text(), encoding="utf-8")
    assert _ingest(path, limited) == [f"intake.txt: not indexed: reading it {TOO_SLOW}"]

    assert limited.pid is None  # killed: a parser holding the CPU cannot be stopped otherwise
    assert _live_chunks(settings) == before and before["intake.txt"]
    # The child wrote no raw data anywhere: only scrubbed chunks are in the data directory.
    assert _holding(tmp_path / "tmp", PLANTED_ID.encode()) == []
    assert _holding(settings.data_dir, PLANTED_ID.encode()) == []

    normal = tmp_path / "pantry.txt"
    normal.write_text("The pantry opens at nine on Saturdays.\n", encoding="utf-8")
    assert _ingest(normal, limited) == ["pantry.txt"]
    assert limited.pid not in (None, first_worker)


@pytest.mark.timeout(300)
def test_a_file_over_the_memory_limit_is_refused_and_the_next_one_read(
    limited: UploadWorker, tmp_path: Path
) -> None:
    limited.settings = limited.settings.model_copy(update={"upload_timeout_s": 120.0})
    path = tmp_path / "lease.docx"
    path.write_bytes(_memory_docx())
    assert path.stat().st_size < 2 * 1024 * 1024

    assert _ingest(path, limited) == [f"lease.docx: not indexed: reading it {TOO_BIG}"]
    assert _live_chunks(limited.settings) == {}

    normal = tmp_path / "pantry.txt"
    normal.write_text("The pantry opens at nine on Saturdays.\n", encoding="utf-8")
    assert _ingest(normal, limited) == ["pantry.txt"]


@pytest.mark.timeout(300)
def test_the_worker_refuses_and_reads_as_the_server_itself_would(
    limited: UploadWorker, tmp_path: Path
) -> None:
    files = {
        "empty.md": b"",
        "memo.txt": make_docx(lambda d: d.add_paragraph("x")),
        "notes.md": f"# Notes\n\n{INTAKE_LINE}".encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    paths = [tmp_path / name for name in files]

    in_worker = ingest_paths(paths, limited.settings, Audience.STAFF, prepare=limited.prepare)
    here = ingest_paths(paths, make_settings(tmp_path / "other"), Audience.STAFF)

    assert in_worker.failed == here.failed and len(here.failed) == 2
    assert in_worker.ok == here.ok == ["notes.md"]
    assert in_worker.pii_counts == here.pii_counts and here.pii_counts


# --- through the web app ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def limited_app(
    samples_kb: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningApp]:
    yield from app_over_samples(
        samples_kb, tmp_path_factory, upload_timeout_s=TIMEOUT_S, upload_memory_mb=MEMORY_MB
    )


@pytest.mark.timeout(600)
def test_a_hostile_upload_is_refused_and_the_server_goes_on(
    limited_app: RunningApp, tmp_path: Path
) -> None:
    staff = client_for(limited_app, tmp_path)
    status, _, _ = staff.predict("staff", limited_app.staff_password, api_name="/sign_in")
    assert "staff" in str(status)

    slow = tmp_path / "intake-forms.txt"
    slow.write_text(_slow_text(), encoding="utf-8")
    summary, _ = staff.predict([handle_file(str(slow))], "staff", api_name="/upload")
    assert summary["failed"] == [f"intake-forms.txt: not indexed: reading it {TOO_SLOW}"]

    big = tmp_path / "lease.docx"
    big.write_bytes(_memory_docx())
    summary, _ = staff.predict([handle_file(str(big))], "staff", api_name="/upload")
    assert summary["failed"] == [f"lease.docx: not indexed: reading it {TOO_BIG}"]

    assert httpx.get(f"{limited_app.url}gradio_api/info", timeout=30).status_code == 200
    normal = tmp_path / "opening-hours.md"
    normal.write_text("# Opening hours\n\nThe centre opens at 09:30 on Sundays.\n", "utf-8")
    summary, table = staff.predict([handle_file(str(normal))], "public", api_name="/upload")
    assert summary["ok"] == ["opening-hours.md"] and not summary["failed"]
    assert "opening-hours.md" in {row[1] for row in table["data"]}
