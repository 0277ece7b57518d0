"""The benchmark scripts' own logic (their timings are never asserted: they are measurements)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bench.answer_latency import Rates, bound_ms
from bench.hostile_inputs import chosen_kinds, measure
from bench.retrieval_latency import build_index
from bench.upload_responsiveness import InfoPoller, slowest_kinds
from eval.hostile_files import (
    HOSTILE_FILES,
    LEGAL_DOCX,
    LOADS,
    LOADS_OR_NO_TEXT,
    NO_TEXT,
    all_kinds,
    as_expected,
    legal_files,
)
from kb.index import KnowledgeBase
from kb.schema import Audience, Document
from kb.settings import Settings
from tests.test_eval_factories import passage


def test_latency_index_embeds_the_pool_and_gives_every_chunk_its_own_vector(
    settings: Settings,
) -> None:
    build_index(settings.data_dir, 30, settings.embedding_model, distinct=10)
    kb = KnowledgeBase(settings)
    try:
        assert kb.catalog.counts()[1] == 30
        stored = [c.get(include=["embeddings", "documents"]) for c in kb.vector_store.collections()]
        vectors = np.concatenate(
            [np.asarray(s["embeddings"], dtype=float) for s in stored if s["ids"]]
        )
        documents = {d for s in stored for d in s["documents"] or []}
        assert len(vectors) == 30 and len(documents) == 30
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
        cosines = vectors @ vectors.T
        np.fill_diagonal(cosines, 0.0)
        # noisy copies stay close to their pool vector, but no two vectors are the same
        assert cosines.max() < 0.999 and (cosines > 0.8).sum() >= 20
        assert kb.retrieve("志工培訓需要多少小時？", Audience.PUBLIC)
    finally:
        kb.close()


def test_precomputed_vectors_must_match_the_chunks(settings: Settings) -> None:
    chunks = [passage(f"d1:1:{i}", f"第 {i} 段文字。").chunk for i in range(2)]
    doc = Document(
        doc_id="d1",
        path="/d1.txt",
        file_name="doc.txt",
        sha256="d1",
        size=10,
        audience=Audience.STAFF,
        language="zh-TW",
        chunk_count=2,
    )
    kb = KnowledgeBase(settings)
    try:
        with pytest.raises(ValueError):
            kb.replace_document(doc, chunks, [], vectors=[[0.1] * 384])
        assert kb.documents() == [] and kb.catalog.counts() == (0, 0)
    finally:
        kb.close()


def test_answer_bound_sums_every_model_call_at_the_calibrated_rates() -> None:
    rates = Rates(prompt_tokens=500, answer_tokens=64, prefill_per_s=50.0, generation_per_s=10.0)
    timings = {
        "prompt_tokens": 1000.0,
        "cached_tokens": 100.0,  # taken from the prompt cache: not read again
        "answer_tokens": 40.0,
        "translation_prompt_tokens": 100.0,
        "translation_answer_tokens": 20.0,
        "total": 99999.0,
    }
    # (900 + 100) / 50 + (40 + 20) / 10 = 26 s
    assert bound_ms(timings, rates) == 26000.0
    # No token counts from the engine (the model did not write the answer): no bound.
    assert bound_ms({"translation_prompt_tokens": 100.0, "total": 5.0}, rates) is None


def test_hostile_bench_reads_each_kind_in_a_child_and_judges_its_outcome(tmp_path: Path) -> None:
    refused = HOSTILE_FILES["executable named .csv"]
    report = measure(refused, tmp_path / "a", prepare=False, timeout_s=120)
    assert report.outcome == "refused" and report.reason and "executable" in report.reason
    assert as_expected(refused.expected, report.reason)
    assert not as_expected(LOADS, report.reason)

    loaded = HOSTILE_FILES["CR-only line endings"]
    report = measure(loaded, tmp_path / "b", prepare=False, timeout_s=120)
    assert report.outcome == "loaded" and report.blocks >= 1 and report.reason is None
    assert as_expected(loaded.expected, None) and not as_expected("executable", None)
    assert report.peak_mb >= report.base_mb > 0


def test_markdown_kinds_may_load_or_keep_no_text_but_nothing_else() -> None:
    assert as_expected(LOADS_OR_NO_TEXT, None) and as_expected(LOADS_OR_NO_TEXT, NO_TEXT)
    assert not as_expected(LOADS_OR_NO_TEXT, "corrupt DOCX")


def test_quick_hostile_run_keeps_every_legal_file_and_a_fifth_of_the_rest() -> None:
    quick = chosen_kinds(quick=True, only=None)
    assert set(legal_files()) <= set(quick)
    others = len(all_kinds()) - len(legal_files())
    assert len(quick) - len(legal_files()) == len(range(0, others, 5))
    assert set(chosen_kinds(quick=False, only="pdf")) == {
        kind for kind in all_kinds() if "pdf" in kind.lower()
    }


def test_info_latency_is_summarised_over_the_requests_sent_during_an_upload() -> None:
    poller = InfoPoller("http://127.0.0.1:1/", 0.05)
    poller.samples = [(0.5, 999.0, 200)] + [(1.0 + n, float(n), 200) for n in range(1, 21)]
    poller.samples.append((30.0, 5.0, 0))
    summary = poller.between(1.0, 30.0)
    assert summary["info_requests"] == 21 and summary["info_failed"] == 1
    assert summary["max_ms"] == 20.0 and summary["p50_ms"] == 10.0


def test_upload_bench_takes_the_slowest_kinds_but_not_the_legal_files(tmp_path: Path) -> None:
    rows = [
        {"kind": LEGAL_DOCX, "seconds": 90.0},
        {"kind": "unclosed bold", "seconds": 0.2},
        {"kind": "HTML entity flood", "seconds": 1.5},
        {"kind": "CSV of 50,000 columns", "seconds": 0.7},
    ]
    results = tmp_path / "hostile_inputs-x.json"
    results.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    assert slowest_kinds(results, 2) == ["HTML entity flood", "CSV of 50,000 columns"]
