"""Faults an operator will meet: a full disk during ingest, lost or damaged Chroma files, a
corrupted model file and an unwritable audit log. Each ends in a clear message and a recovery
path, never in lost documents, a traceback or an unaudited answer. (Ollama dying mid-answer is
tested in tests/test_backends.py.)"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths, rebuild_vectors
from kb.index import KnowledgeBase
from kb.messages import status_message
from kb.model_files import ensure_model, model_status
from kb.pipeline import answer, stream_answer
from kb.schema import Answer, Status
from kb.settings import Settings, load_settings
from tests.conftest import ROOT, make_settings

FIRST = ["annual-report-2025.md", "privacy-policy.html"]
LATER = ["volunteer-handbook.en.pdf", "service-eligibility-policy.zh-TW.docx"]
# Answered by annual-report-2025.md, one of the documents indexed before the fault.
QUESTION = "How many households received emergency rent aid in 2025?"


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def _answers_from_first_documents(settings: Settings) -> Answer:
    result = answer(QUESTION, settings, mode="extractive")
    assert result.status is Status.ANSWERED_EXTRACTIVE, result.backend_note
    assert {c.document for c in result.citations} & set(FIRST), result.citations
    return result


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Settings:
    """Two small sample documents, indexed once; tests work on copies."""
    settings = make_settings(tmp_path_factory.mktemp("small-kb") / "data")
    summary = ingest_paths([samples_dir / name for name in FIRST], settings)
    assert sorted(summary.ok) == sorted(FIRST), summary.failed
    return settings


@pytest.fixture
def kb_copy(small_kb: Settings, tmp_path: Path) -> Settings:
    shutil.copytree(small_kb.data_dir, tmp_path / "data")
    return make_settings(tmp_path / "data")


# --- (a) the disk fills up during ingest --------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB tmpfs: a disk that can really be filled (needs root to mount)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        # Lazy: this process's Chroma client may still hold files open on it.
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    """Fill the disk to the last byte, then give back `leave` bytes."""
    filler = disk / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for block in (1 << 20, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * block)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
        os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)
    return filler


@pytest.mark.parametrize("leave", [0, 192 * 1024], ids=["no-byte-left", "almost-full"])
def test_full_disk_during_ingest_loses_nothing_and_recovers(
    small_disk: Path, samples_dir: Path, leave: int
) -> None:
    settings = make_settings(small_disk / "data")
    first = ingest_paths([samples_dir / name for name in FIRST], settings)
    assert sorted(first.ok) == sorted(FIRST), first.failed

    filler = _fill(small_disk, leave)
    later = ingest_paths([samples_dir / name for name in LATER], settings)

    assert later.exit_code != 0 and not later.ok
    assert len(later.failed) == len(LATER)
    for name, line in zip(LATER, later.failed, strict=True):
        assert line.startswith(f"{name}: ")
        assert "no space left" in line and "\n" not in line, line

    filler.unlink()
    kb = KnowledgeBase(settings)
    try:
        # Refused before writing: not even a clean-up is left for the next run.
        assert kb.consistency_problems() == []
        assert {d.file_name for d in kb.documents() if d.status == "ok"} == set(FIRST)
    finally:
        kb.close()
    _answers_from_first_documents(settings)

    again = ingest_paths([samples_dir / name for name in LATER], settings)
    assert sorted(again.ok) == sorted(LATER), again.failed
    kb = KnowledgeBase(settings)
    try:
        assert kb.consistency_problems() == []
        assert {d.file_name for d in kb.documents() if d.status == "ok"} == set(FIRST + LATER)
    finally:
        kb.close()


# --- (b) Chroma files missing or damaged ----------------------------------------------------


def _ask_fails_clearly(settings: Settings) -> str:
    done = _cli("ask", "--extractive", QUESTION, "--data-dir", str(settings.data_dir))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert status_message(Status.ERROR, "en") in done.stdout
    assert "error" in done.stdout and "audit " in done.stdout
    return done.stderr


def test_deleted_chroma_files_are_an_error_until_reindexed(kb_copy: Settings) -> None:
    shutil.rmtree(kb_copy.chroma_dir)

    stderr = _ask_fails_clearly(kb_copy)
    assert "missing vectors" in stderr and "ngo-kb reindex" in stderr

    done = _cli("reindex", "--data-dir", str(kb_copy.data_dir))
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"rebuilt {len(FIRST)} documents" in done.stdout
    kb = KnowledgeBase(kb_copy)
    try:
        assert kb.consistency_problems() == []
    finally:
        kb.close()
    _answers_from_first_documents(kb_copy)


def test_garbage_chroma_database_is_an_error_and_moved_aside(kb_copy: Settings) -> None:
    # As root chmod 000 does not stop reads, so the database is replaced with garbage instead.
    database = kb_copy.chroma_dir / "chroma.sqlite3"
    database.write_bytes(os.urandom(64 * 1024))

    stderr = _ask_fails_clearly(kb_copy)
    assert "cannot open the vector store" in stderr

    rebuilt = rebuild_vectors(kb_copy)
    assert sorted(rebuilt.ok) == sorted(FIRST)
    damaged = list(kb_copy.data_dir.glob("chroma.damaged-*"))
    assert len(damaged) == 1 and (damaged[0] / "chroma.sqlite3").read_bytes()[:16] != b""
    _answers_from_first_documents(kb_copy)


# --- (c) a corrupted model file --------------------------------------------------------------


def _flip_byte(path: Path, offset: int, keep_mtime: bool = False) -> None:
    before = path.stat()
    with path.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0xFF]))
    if keep_mtime:  # bit rot: the content changes, size and time do not
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.slow
def test_corrupted_model_falls_back_and_setup_repairs_it(
    small_kb: Settings, tmp_path: Path
) -> None:
    real = load_settings()
    if not model_status(real).verified or not (real.models_dir / "parts").is_dir():
        pytest.fail("the embedded model and its parts are missing: run `ngo-kb setup` first")
    models = tmp_path / "models"
    models.mkdir()
    model_copy = models / real.resolved_model_path.name
    shutil.copyfile(real.resolved_model_path, model_copy)  # never touch the real model
    (models / "parts").symlink_to(real.models_dir / "parts", target_is_directory=True)
    settings = small_kb.model_copy(update={"models_dir": models})

    _flip_byte(model_copy, model_copy.stat().st_size // 2)
    status = model_status(settings)
    assert status.present and not status.verified and "sha256 mismatch" in status.detail
    result = answer(QUESTION, settings)
    assert result.backend == "extractive"
    assert "sha256 mismatch" in result.backend_note
    assert result.status is Status.ANSWERED_EXTRACTIVE

    repaired = _cli(
        "setup", "--data-dir", str(small_kb.data_dir), env={"NGOKB_MODELS_DIR": str(models)}
    )
    assert repaired.returncode == 0, repaired.stderr[-2000:]
    assert model_status(settings, rehash=True).verified

    # A flip that keeps size and time passes the quick check; setup must still rehash.
    _flip_byte(model_copy, 4096, keep_mtime=True)
    assert ensure_model(settings, progress=False).verified
    assert model_status(settings, rehash=True).verified


# --- (e) the audit log cannot be written ----------------------------------------------------


@pytest.fixture
def read_only_audit(kb_copy: Settings) -> Iterator[Settings]:
    audit = kb_copy.audit_path
    audit.touch()
    if os.geteuid() == 0:
        locked = subprocess.run(["chattr", "+i", str(audit)], capture_output=True, text=True)
        if locked.returncode != 0:
            pytest.skip(f"cannot make the audit log immutable: {locked.stderr.strip()}")
    else:
        audit.chmod(0o400)
    try:
        try:
            with audit.open("a"):
                pytest.skip("the audit log stayed writable: this file system ignores the lock")
        except PermissionError:
            pass
        yield kb_copy
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(audit)], check=False)
        audit.chmod(0o600)


def test_unwritable_audit_log_refuses_before_anything_is_generated(
    read_only_audit: Settings,
) -> None:
    # mode="auto": the LLM would stream a draft if the pipeline did not check the log first.
    before = read_only_audit.audit_path.read_bytes()  # records copied with the knowledge base
    items = list(stream_answer(QUESTION, read_only_audit))
    deltas = [item for item in items if isinstance(item, str)]
    final = items[-1]
    assert isinstance(final, Answer)
    assert deltas == []
    assert final.status is Status.ERROR and final.refused
    assert final.answer == status_message(Status.ERROR, "en")
    assert final.citations == [] and final.audit_id == ""
    assert "audit failed" in final.backend_note
    assert read_only_audit.audit_path.read_bytes() == before
