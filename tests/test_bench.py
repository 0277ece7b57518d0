"""The benchmark scripts' own logic (their timings are never asserted: they are measurements)."""

from __future__ import annotations

import numpy as np
import pytest

from bench.answer_latency import Rates, bound_ms
from bench.retrieval_latency import build_index
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
        stored = kb.vector_store.client.get(include=["embeddings", "documents"])
        vectors = np.asarray(stored["embeddings"], dtype=float)
        assert len(vectors) == 30 and len(set(stored["documents"])) == 30
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
