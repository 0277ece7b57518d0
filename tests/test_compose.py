"""The extractive answer's sentence-vector cache gives the embedder's own vectors, bounded."""

from __future__ import annotations

import numpy as np

from kb.compose import _SentenceVectors
from kb.embeddings import build_embedding
from kb.settings import Settings

SENTENCES = [
    "志工每年須完成十六小時的培訓課程。",
    "The food bank opens every Saturday morning.",
    "申請補助需檢附收入證明。",
    "Applications are reviewed within ten working days.",
]


def test_cached_vectors_are_the_embedders_own_and_the_cache_stays_bounded(
    settings: Settings,
) -> None:
    cache = _SentenceVectors(size=3)
    direct = np.array(build_embedding(settings).get_text_embedding_batch(SENTENCES))

    first = cache(settings, SENTENCES)
    again = cache(settings, SENTENCES[::-1])

    assert np.allclose(first, direct, atol=1e-5)
    assert np.allclose(again, direct[::-1], atol=1e-5)
    assert len(cache._vectors) == 3
