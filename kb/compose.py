"""Turning passages into an answer: citation numbering, and the extractive (no-LLM) answer."""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict

import numpy as np

from guardrails import split_sentences
from guardrails.bias import neutralise_groups
from guardrails.passages import without_reference_entries
from kb.embeddings import check_embedding
from kb.keyword import search_tokens
from kb.measures import speaks_of
from kb.schema import Citation, Passage
from kb.settings import Settings

CITATION = re.compile(r"\[(\d{1,3})\]")
QUOTE_CHARS = 240
# A sentence ending in a colon introduces what follows ("When you submit your expense report,
# please:"): alone it says nothing, so it is quoted with the sentences after it in its passage,
# up to these bounds (the items of a short list, not the rest of the passage).
LIST_ITEMS = 4
LIST_CHARS = 400
_INTRODUCES = (":", "：")

# Below both of these, no sentence of the passages is taken to answer the question.
MIN_LEXICAL_OVERLAP = 0.34
MIN_SEMANTIC_SIMILARITY = 0.86
# Quotes offered as an answer must say at least this share of what is particular to the
# question (`key_term_coverage`). Chosen on the dev tuning half (docs/benchmarks.md): quotes
# holding the evidence 0.33-1.00, quotes from passages retrieved for another question 0.05-0.37
# (95th percentile 0.26).
MIN_KEY_TERM_COVERAGE = 0.30
MIN_SENTENCE_CHARS = 8  # shorter pieces of a passage are scraps, never evidence
SENTENCE_CACHE_SIZE = 20_000  # about 30 MB of 384-dim vectors


class _SentenceVectors:
    """Embeddings of passage sentences, kept across questions: the same passages come back for
    many questions, and embedding their sentences is most of an extractive answer's time."""

    def __init__(self, size: int = SENTENCE_CACHE_SIZE) -> None:
        self.size = size
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, settings: Settings, sentences: list[str]) -> np.ndarray:
        model = settings.check_embedding_model
        unique = list(dict.fromkeys(sentences))
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for sentence in unique:
                if (model, sentence) in self._vectors:
                    self._vectors.move_to_end((model, sentence))
                    found[sentence] = self._vectors[(model, sentence)]
        missing = [s for s in unique if s not in found]
        if missing:
            fresh = check_embedding(settings).get_text_embedding_batch(missing)
            found.update(zip(missing, (np.asarray(v, dtype=float) for v in fresh), strict=True))
            with self._lock:
                for sentence in missing:
                    self._vectors[(model, sentence)] = found[sentence]
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        return np.vstack([found[s] for s in sentences])


sentence_vectors = _SentenceVectors()


def without_citation_lookalikes(passage: Passage) -> Passage:
    """The passage with its own bracketed footnote numbers removed: the model copies them, and
    a footnote "[7]" would then read as a citation of passage 7."""
    text = CITATION.sub("", passage.chunk.text)
    return passage.model_copy(update={"chunk": passage.chunk.model_copy(update={"text": text})})


def cited_numbers(text: str) -> list[int]:
    """Passage numbers cited in a text, in order of first appearance."""
    return list(dict.fromkeys(int(n) for n in CITATION.findall(text)))


def _quote(passage: Passage, sentence_hint: str | None = None) -> str:
    text = passage.chunk.text.strip()
    if sentence_hint and sentence_hint in text:
        return sentence_hint
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS].rstrip() + "…"


def renumber_citations(text: str, passages: list[Passage]) -> tuple[str, list[Citation]]:
    """Renumber cited passages 1..m in order of appearance; drop numbers out of range."""
    mapping: dict[int, int] = {}
    citations: list[Citation] = []
    for n in cited_numbers(text):
        if 1 <= n <= len(passages):
            mapping[n] = len(mapping) + 1
            p = passages[n - 1]
            citations.append(
                Citation(
                    n=mapping[n],
                    document=p.chunk.file_name,
                    location=p.location,
                    quote=_quote(p),
                    doc_id=p.chunk.doc_id,
                    chunk_id=p.chunk.chunk_id,
                    page=p.chunk.page,
                    section=p.chunk.section,
                )
            )

    def swap(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[{mapping[n]}]" if n in mapping else ""

    return CITATION.sub(swap, text).strip(), citations


def lexical_overlap(question_terms: set[str], sentence: str) -> float:
    if not question_terms:
        return 0.0
    return len(question_terms & set(search_tokens(sentence))) / len(question_terms)


def key_term_coverage(question: str, quotes: str, term_counts: tuple[int, dict[str, int]]) -> float:
    """The share of the question's terms, each weighted by how rare it is among the chunks
    (inverse document frequency), that the quotes say too. Terms no chunk holds carry no
    weight: no quote could say them (the words of a Vietnamese question, say). Words every
    passage shares ("GitHub", "policy") weigh little, so quotes about another topic that share
    only those score low."""
    chunks, counts = term_counts
    weights = {
        t: math.log((chunks + 1) / (counts[t] + 0.5))
        for t in set(search_tokens(question))
        if counts.get(t)
    }
    said = set(search_tokens(CITATION.sub(" ", quotes)))
    whole = sum(weights.values())
    return sum(w for t, w in weights.items() if t in said) / whole if whole else 0.0


def passage_sentences(passage: Passage) -> list[str]:
    """The sentences of a passage that can be evidence (reference entries and scraps left out)."""
    return [
        s.strip()
        for s in split_sentences(without_reference_entries(passage.chunk.text))
        if len(s.strip()) >= MIN_SENTENCE_CHARS
    ]


def extractive_answer(
    question: str,
    passages: list[Passage],
    settings: Settings,
    max_sentences: int = 2,
    quotable: list[Passage] | None = None,
    kinds: frozenset[str] = frozenset(),
) -> str | None:
    """The passage sentences that best answer the question, each with its [n]; None if none do.

    Only the `quotable` passages (default: all) are quoted; [n] still counts all `passages`. A
    question asking for `kinds` of quantity (`kb.measures`) is answered only if a sentence about
    one of them is close to it, and that sentence leads; the next may be any close sentence (the
    one saying who reports a concern, after the one saying within how many hours).
    """
    candidates: list[tuple[int, str]] = []
    for number, passage in enumerate(passages, start=1):
        if quotable is not None and passage not in quotable:
            continue
        candidates += [(number, sentence) for sentence in passage_sentences(passage)]
    about = np.array([speaks_of(kinds, sentence) for _, sentence in candidates], dtype=bool)
    if not about.any():
        return None
    terms = set(search_tokens(question))
    lexical = np.array([lexical_overlap(terms, s) for _, s in candidates])
    q = np.array(check_embedding(settings).get_query_embedding(question))
    s = sentence_vectors(settings, [sent for _, sent in candidates])
    semantic = (s @ q) / (np.linalg.norm(s, axis=1) * np.linalg.norm(q) + 1e-9)
    if (
        lexical[about].max() < MIN_LEXICAL_OVERLAP
        and semantic[about].max() < MIN_SEMANTIC_SIMILARITY
    ):
        return None
    order = [int(i) for i in np.argsort(-(lexical + semantic))]
    quoted = [with_what_follows(candidates, i) for i in range(len(candidates))]
    chosen = [next(i for i in order if about[i])]
    for i in order:
        # Overlapping chunks repeat sentences (or their tails): quote each only once.
        if any(candidates[i][1] in quoted[j] or candidates[j][1] in quoted[i] for j in chosen):
            continue
        if len(chosen) == max_sentences:
            break
        chosen.append(i)
    return " ".join(f"「{quoted[i]}」[{candidates[i][0]}]" for i in sorted(chosen))


def with_what_follows(candidates: list[tuple[int, str]], i: int) -> str:
    """Candidate `i`'s sentence, followed by the items it introduces when it ends in a colon:
    the next sentences of the same passage, within `LIST_ITEMS` and `LIST_CHARS`."""
    number, sentence = candidates[i]
    if not sentence.rstrip().endswith(_INTRODUCES):
        return sentence
    items: list[str] = []
    for other, following in candidates[i + 1 : i + 1 + LIST_ITEMS]:
        if other != number or len(sentence) + sum(map(len, items)) + len(following) > LIST_CHARS:
            break
        items.append(following)
    return " ".join([sentence, *items])


def evidence_quotes(
    question: str,
    passages: list[Passage],
    settings: Settings,
    quotable: list[Passage] | None = None,
    kinds: frozenset[str] = frozenset(),
) -> str | None:
    """`extractive_answer` for the question as asked, else with its group terms neutralised.

    The second reading gives two questions that differ only in the group they name the same
    outcome: whether the model is asked, or what is quoted, must not depend on the asker's group.
    """
    quotes = extractive_answer(question, passages, settings, quotable=quotable, kinds=kinds)
    if quotes is not None:
        return quotes
    neutral = neutralise_groups(question)
    if neutral == question:
        return None
    return extractive_answer(neutral, passages, settings, quotable=quotable, kinds=kinds)
