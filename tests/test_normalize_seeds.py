"""Normalisation of the real seed corpus: no radicals, page numbers or TOC lines; evidence kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.chunking import chunk_blocks
from ingest.loaders import load_document
from ingest.normalize import normalize_blocks
from ingest.page_furniture import is_page_number, is_toc_line
from tests.conftest import SEED_QUESTIONS

# --- the real seed corpus --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_chunks(seeds_dir: Path) -> dict[str, list[str]]:
    chunks: dict[str, list[str]] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        blocks = normalize_blocks(load_document(path, 50 * 1024 * 1024).blocks)
        chunks[path.name] = [chunk.text for chunk in chunk_blocks(blocks, 220, 40)]
    assert len(chunks) == 4
    return chunks


def test_seed_corpus_has_no_kangxi_radicals(seed_chunks: dict[str, list[str]]) -> None:
    for name, chunks in seed_chunks.items():
        for text in chunks:
            assert not re.search("[\u2f00-\u2fdf\uf900-\ufaff]", text), name


def test_seed_corpus_has_no_page_number_or_toc_lines(seed_chunks: dict[str, list[str]]) -> None:
    for name, chunks in seed_chunks.items():
        for text in chunks:
            for line in text.split("\n"):
                assert not is_page_number(line), (name, line)
                assert not is_toc_line(line), (name, line)
                assert not re.fullmatch(r"\s*\d{1,4}\s*", line), (name, line)


def test_seed_corpus_keeps_every_evidence_string(seed_chunks: dict[str, list[str]]) -> None:
    if not SEED_QUESTIONS.is_file():
        pytest.skip(f"the seed questions are not present at {SEED_QUESTIONS}")
    questions = [json.loads(line) for line in SEED_QUESTIONS.read_text("utf-8").splitlines()]
    checked = 0
    for question in questions:
        if not question.get("evidence"):
            continue
        evidence = re.sub(r"\s", "", question["evidence"])
        squashed = [re.sub(r"\s", "", text) for text in seed_chunks[question["source"]]]
        assert any(evidence in text for text in squashed), question["id"]
        checked += 1
    assert checked >= 10
