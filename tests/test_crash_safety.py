"""SIGKILL during ingest, at several points, never leaves the manifest and Chroma disagreeing:
the next run recovers with no duplicate and no orphan chunks."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kb.index import KnowledgeBase
from tests.conftest import ROOT, make_settings

Probe = Callable[[sqlite3.Connection], bool]


def _start_ingest(corpus: Path, data_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _query(db_path: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.2) as db:
            return int(db.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet, or busy: just poll again


def _kill_when(
    corpus: Path, data_dir: Path, condition: Callable[[Path], bool], limit_s: float
) -> bool:
    """Run an ingest and SIGKILL it as soon as `condition` holds; True if it was killed then."""
    proc = _start_ingest(corpus, data_dir)
    deadline = time.monotonic() + limit_s
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if condition(data_dir / "manifest.sqlite3"):
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.005)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _pending_add(db: Path) -> bool:
    return _query(db, "SELECT COUNT(*) FROM pending WHERE op='add'") > 0


def _pending_remove(db: Path) -> bool:
    return _query(db, "SELECT COUNT(*) FROM pending WHERE op='remove'") > 0


def _documents_at_least(n: int) -> Callable[[Path], bool]:
    return lambda db: _query(db, "SELECT COUNT(*) FROM documents WHERE status='ok'") >= n


@pytest.mark.slow
def test_sigkill_at_several_points_then_recover(tmp_path: Path, samples_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(samples_dir, corpus)
    data_dir = tmp_path / "kb"
    kills = [
        _kill_when(corpus, data_dir, _pending_add, 300),  # vectors being written
        _kill_when(corpus, data_dir, _documents_at_least(2), 300),  # between two documents
        _kill_when(corpus, data_dir, _pending_add, 300),  # again, later in the batch
    ]
    assert any(kills), "no run was killed: the probes never saw an ingest in progress"

    finish = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert finish.returncode == 0, finish.stderr[-2000:]

    # A changed file is replaced atomically: kill while the old version is being removed.
    handbook = corpus / "annual-report-2025.md"
    handbook.write_text(
        handbook.read_text(encoding="utf-8") + "\n\nAddendum: figures audited.\n", encoding="utf-8"
    )
    _kill_when(corpus, data_dir, lambda db: _pending_add(db) or _pending_remove(db), 300)
    final = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ingest", str(corpus), "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert final.returncode == 0, final.stderr[-2000:]

    kb = KnowledgeBase(make_settings(data_dir))
    try:
        assert kb.consistency_problems() == []
        docs = kb.documents()
        assert len(docs) == len([p for p in corpus.iterdir() if not p.name.endswith(".meta.json")])
        assert all(d.status == "ok" for d in docs)
        report = next(d for d in docs if d.file_name == "annual-report-2025.md")
        chunks = kb.catalog.chunks_by_id(kb.catalog.chunk_ids())
        texts = [c.text for c in chunks.values() if c.doc_id == report.doc_id]
        assert any("figures audited" in t for t in texts)
        assert len(texts) == report.chunk_count
    finally:
        kb.close()
