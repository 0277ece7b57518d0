"""Hostile files at the loader level: each loads cleanly or is refused with a clear reason, fast.

Beside tests/test_reliability_hostile.py (paths, questions, deep HTML through the pipeline) and
the format bombs of tests/test_loaders_refusals.py. The cases are in eval/hostile_files.py, which
bench/hostile_inputs.py measures (outcome, time, memory) kind by kind. The time bound is a
safety check against quadratic or worse work on crafted input, not a benchmark: generous, and
far below what the unfixed patterns took (a 200 KB line of `**a ` took over a minute, a 4 KB
heading line 100 s).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval.hostile_files import (
    BOMBS,
    HOSTILE_FILES,
    LOADS,
    MARKDOWN_NAME,
    NO_TEXT,
    PATHOLOGICAL_MARKDOWN,
    all_kinds,
    legal_docx,
    legal_files,
)
from ingest.errors import IngestError
from ingest.loaders import load_document
from ingest.normalize import normalize_blocks
from ingest.pipeline import ingest_paths
from kb.index import KnowledgeBase
from kb.settings import Settings
from tests.conftest import make_settings
from tests.test_loaders_support import make_pdf
from ui.cli import app

LIMIT = 50 * 1024 * 1024
# Guards against super-linear blow-ups, not speed (speed belongs in bench/): a linear pass
# over 200 KB takes well under a second idle; a quadratic rule takes far longer than this.
BOUND_S = 10.0


def test_the_suite_holds_thirty_kinds_shared_with_the_benchmark() -> None:
    # Issue 33 asks for at least 30 kinds; the benchmark runs every kind the tests assert.
    kinds = set(all_kinds())
    assert len(kinds) >= 30
    markdown = {f"Markdown: {kind}" for kind in PATHOLOGICAL_MARKDOWN}
    assert kinds == markdown | set(HOSTILE_FILES) | set(BOMBS) | set(legal_files())


@pytest.mark.timeout(120)  # a hang guard; the real bound is asserted below
@pytest.mark.parametrize("kind", sorted(PATHOLOGICAL_MARKDOWN))
def test_pathological_markdown_loads_in_bounded_time(tmp_path: Path, kind: str) -> None:
    path = tmp_path / MARKDOWN_NAME
    path.write_text(PATHOLOGICAL_MARKDOWN[kind], encoding="utf-8")
    start = time.perf_counter()
    try:
        blocks = normalize_blocks(load_document(path, LIMIT).blocks)
    except IngestError as exc:
        assert exc.file_name == MARKDOWN_NAME and exc.reason == NO_TEXT
    else:
        assert all(block.text.strip() for block in blocks)
    elapsed = time.perf_counter() - start
    assert elapsed < BOUND_S, f"{kind}: {elapsed:.1f} s for {path.stat().st_size} bytes"


def test_markup_is_still_stripped_around_hostile_runs(tmp_path: Path) -> None:
    """The linear rules give what the old patterns gave: closed markup is removed, openers
    without a closer are kept as text."""
    path = tmp_path / "mixed.md"
    path.write_text(
        "# Rent **help** ##\n\nSee [the form](https://example.org/f) and **bold** and "
        "~~old~~ and `code` and <b>tag</b> and <https://example.org>.\n\n"
        + "**a " * 5
        + "[open ![x\n",
        encoding="utf-8",
    )
    texts = [block.text for block in load_document(path, LIMIT).blocks]
    assert texts == [
        "See the form and bold and old and code and tag and https://example.org.",
        "**a **a **a **a **a [open ![x",
    ]


# --- a folder with files no loader reads -------------------------------------------------------


def test_cli_ingest_names_each_skipped_file_of_an_unsupported_type(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "pantry.txt").write_text("The pantry opens at nine on Saturdays.\n", encoding="utf-8")
    (folder / "notes.xyz").write_text("The pantry opens at ten.\n", encoding="utf-8")
    (folder / "sub" / "LICENSE").write_text("All rights reserved.\n", encoding="utf-8")
    (folder / "sub" / "photo.JPG").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    data_dir = tmp_path / "data"

    result = CliRunner().invoke(app, ["ingest", str(folder), "--data-dir", str(data_dir)])

    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stdout.splitlines() if line.startswith("skipped ")]
    assert skipped == [
        "skipped notes.xyz: unsupported type .xyz",
        "skipped LICENSE: unsupported type (none)",
        "skipped photo.JPG: unsupported type .jpg",
    ]
    assert "files ok: 1, unchanged: 0, failed: 0, skipped: 3;" in result.stdout


# --- documents too big once opened: refused before parsing, the indexed version kept -----------


def _live_chunks(settings: Settings) -> dict[str, list[str]]:
    kb = KnowledgeBase(settings)
    try:
        docs = {d.doc_id: d.file_name for d in kb.documents() if d.status == "ok"}
        return {
            name: sorted(c for c in kb.catalog.chunk_ids() if c.startswith(f"{doc_id}:"))
            for doc_id, name in docs.items()
        }
    finally:
        kb.close()


def test_pdf_over_the_page_limit_is_refused_and_the_indexed_version_kept(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", max_pdf_pages=5)
    path = tmp_path / "statutes.pdf"
    path.write_bytes(make_pdf([f"Article {n}: the pantry opens at nine." for n in range(3)]))
    assert ingest_paths([path], settings).ok == ["statutes.pdf"]
    before = _live_chunks(settings)

    path.write_bytes(make_pdf([f"Article {n}: the pantry opens at ten." for n in range(8)]))
    start = time.perf_counter()
    summary = ingest_paths([path], settings)

    assert summary.failed == [
        "statutes.pdf: PDF has 8 pages, over the limit of 5 (NGOKB_MAX_PDF_PAGES)"
    ]
    assert time.perf_counter() - start < 30
    assert _live_chunks(settings) == before and before["statutes.pdf"]


def test_docx_over_the_expanded_xml_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", max_expanded_mb=1)
    path = tmp_path / "lease.docx"
    path.write_bytes(legal_docx(20_000))
    assert path.stat().st_size < 1024 * 1024  # small on disk, over 1 MB once unzipped

    summary = ingest_paths([path], settings)

    assert summary.ok == [] and len(summary.failed) == 1
    reason = summary.failed[0]
    assert reason.startswith("lease.docx: DOCX text expands to ")
    assert reason.endswith("MB of XML, over the limit of 1 MB (NGOKB_MAX_EXPANDED_MB)")
    assert _live_chunks(settings) == {}


# --- more kinds of hostile file: each a clean load or a clear reason, fast ---------------------


@pytest.mark.timeout(120)  # a hang guard; the real bound is asserted below
@pytest.mark.parametrize("kind", sorted(HOSTILE_FILES))
def test_hostile_file_loads_or_is_refused_clearly(tmp_path: Path, kind: str) -> None:
    name, data, expected = HOSTILE_FILES[kind]
    path = tmp_path / name
    path.write_bytes(data)
    start = time.perf_counter()
    try:
        blocks = normalize_blocks(load_document(path, LIMIT).blocks)
    except IngestError as exc:
        assert expected != LOADS, f"{kind}: refused: {exc.reason}"
        assert exc.file_name == name and expected in exc.reason and "\n" not in exc.reason
    else:
        assert expected == LOADS, f"{kind}: loaded, expected a refusal with {expected!r}"
        assert blocks and all(block.text.strip() for block in blocks)
    elapsed = time.perf_counter() - start
    assert elapsed < BOUND_S, f"{kind}: {elapsed:.1f} s"
