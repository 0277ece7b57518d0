"""Per-question metric functions: pure, on plain strings and `Answer` objects.

Text is compared after NFKC normalisation (the corpus carries Kangxi radicals and compatibility
ideographs), case folding and removal of all whitespace, so hard-wrapped PDF text still matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from guardrails.quantities import number_alone, values_in
from kb.language import detect_language, is_chinese
from kb.schema import Answer

_WHITESPACE = re.compile(r"\s+")

GROUNDEDNESS_GUARD = "groundedness"


def normalise(text: str) -> str:
    """The comparison form: NFKC, case-folded, every whitespace character removed."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text).casefold())


def contains(haystack: str, needle: str) -> bool:
    """Whether `needle` occurs in `haystack`, whitespace- and case-insensitively."""
    wanted = normalise(needle)
    return bool(wanted) and wanted in normalise(haystack)


def evidence_rank(evidence: str, texts: Sequence[str]) -> int | None:
    """1-based rank of the first text that holds the evidence, or None."""
    for rank, text in enumerate(texts, start=1):
        if contains(text, evidence):
            return rank
    return None


def reciprocal_rank(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / rank


def hit_at_k(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


def facts_found(expected: Sequence[Sequence[str]], text: str) -> list[bool]:
    """For each key fact, whether one of its spellings occurs in `text`; a spelling that is a
    number alone also matches the same value written otherwise ("200,000" and "二十萬")."""
    found_values = values_in(text)

    def stated(spelling: str) -> bool:
        value = number_alone(spelling)
        return contains(text, spelling) or (value is not None and value in found_values)

    return [any(stated(spelling) for spelling in spellings) for spellings in expected]


def unsupported_sentence_rate(answer: Answer) -> float | None:
    """Share of answer sentences the groundedness guard found unsupported, if it scored them.

    The guard's `score` is the share of the draft's sentences it found supported by the passages
    (measured before the guard removed the unsupported ones from the answer shown).
    """
    for verdict in answer.guardrails:
        if verdict.name == GROUNDEDNESS_GUARD and verdict.score is not None:
            return max(0.0, min(1.0, 1.0 - verdict.score))
    return None


def answer_language(text: str) -> str:
    """The answer's language as ingest detects it ('zh-TW', 'zh-CN', 'en', ... or 'und')."""
    return detect_language(text)


def language_matches(question_lang: str, detected: str) -> bool:
    """Exact match, except that a question tagged plain 'zh' accepts either Chinese script."""
    wanted, got = question_lang.lower(), detected.lower()
    if wanted == "zh":
        return is_chinese(got)
    return wanted == got


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linearly interpolated; None for no values."""
    return float(np.percentile(values, q)) if len(values) else None


def mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if len(values) else None
