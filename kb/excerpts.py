"""Passages cut to the sentences a question is about, for the model's prompt: reading the
prompt is most of an answer's time on a small machine (docs/benchmarks.md, issue 31)."""

from __future__ import annotations

import numpy as np

from guardrails.passages import REFERENCE_ENTRY
from guardrails.sentences import sentence_spans
from kb.compose import MIN_SENTENCE_CHARS, lexical_overlap, sentence_vectors
from kb.embeddings import check_embedding
from kb.keyword import search_tokens
from kb.schema import Passage
from kb.settings import Settings

GAP = "…"


def sentence_scores_of(
    queries: list[str], sentences: list[list[str]], settings: Settings
) -> list[np.ndarray]:
    """Per group, each sentence's closeness to the nearest of `queries` (the question and its
    translations): lexical overlap with its search tokens plus embedding cosine."""
    flat = [s for group in sentences for s in group]
    if not flat:
        return [np.zeros(0) for _ in sentences]
    embedding = check_embedding(settings)
    vectors = sentence_vectors(settings, flat)
    vectors = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)
    best = np.full(len(flat), -np.inf)
    for query in queries:
        q = np.asarray(embedding.get_query_embedding(query), dtype=float)
        q = q / (np.linalg.norm(q) + 1e-9)
        terms = set(search_tokens(query))
        lexical = np.array([lexical_overlap(terms, s) for s in flat])
        best = np.maximum(best, lexical + vectors @ q)
    out, start = [], 0
    for group in sentences:
        out.append(best[start : start + len(group)])
        start += len(group)
    return out


def excerpt(
    passage: Passage, queries: list[str], settings: Settings, keep: int, neighbours: int = 1
) -> Passage:
    """The passage cut to its `keep` sentences closest to `queries`, each with `neighbours`
    sentences either side, in document order, gaps marked "…"; whole when `keep` is 0 or the
    cut would keep nearly all of it."""
    text = passage.chunk.text
    spans = sentence_spans(text)
    if keep <= 0 or len(spans) <= keep * (2 * neighbours + 1):
        return passage
    pieces = [text[s:e].strip() for s, e in spans]
    usable = [
        i
        for i, p in enumerate(pieces)
        if len(p) >= MIN_SENTENCE_CHARS and not REFERENCE_ENTRY.match(p)
    ]
    if not usable:
        return passage
    (scores,) = sentence_scores_of(queries, [[pieces[i] for i in usable]], settings)
    top = [usable[int(j)] for j in np.argsort(-scores)[:keep]]
    kept = sorted(
        {j for i in top for j in range(i - neighbours, i + neighbours + 1) if 0 <= j < len(pieces)}
    )
    parts, previous = [], -1
    for i in kept:
        if previous >= 0 and i != previous + 1:
            parts.append(GAP)
        parts.append(pieces[i])
        previous = i
    if kept[0] > 0:
        parts.insert(0, GAP)
    if kept[-1] < len(pieces) - 1:
        parts.append(GAP)
    cut = " ".join(parts)
    return passage.model_copy(update={"chunk": passage.chunk.model_copy(update={"text": cut})})


def prompt_passages(
    passages: list[Passage], queries: list[str], settings: Settings
) -> list[Passage]:
    """The passages as the model reads them: each cut to its `llm_passage_sentences` sentences
    closest to the question or its translations, with `llm_passage_neighbours` either side.
    The guards still check the answer against the whole passages."""
    keep, neighbours = settings.llm_passage_sentences, settings.llm_passage_neighbours
    return [excerpt(p, queries, settings, keep, neighbours) for p in passages]
