"""The ingest progress bar counts bytes, so its rate and time left mean something for a folder
of files of very different sizes; it never shows a file's name (names can be personal data)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from kb.settings import Settings


def test_progress_counts_the_folders_bytes_and_names_no_file(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "chen-mei-ling-case.txt").write_text("Rent support is paid monthly.\n" * 300)
    (folder / "notes.md").write_text("# Notes\n\nThe office opens at nine.\n")
    (folder / "picture.bmp").write_bytes(b"BM" + b"\0" * 50)  # skipped: not a document type
    total = sum(p.stat().st_size for p in folder.iterdir() if p.suffix != ".bmp")

    summary = ingest_paths([folder], settings, progress=True)

    assert sorted(summary.ok) == ["chen-mei-ling-case.txt", "notes.md"]
    bar = capsys.readouterr().err
    assert "ingest 3 files" in bar
    done = f"{total / 1024:.2f}k"  # about 9 KB: tqdm shows 3 significant digits
    assert re.search(rf"100%\|[^|]*\| {done}/{done} ", bar), (total, bar)  # bytes done / all
    assert "B/s" in bar
    assert "chen" not in bar.lower() and "notes" not in bar
