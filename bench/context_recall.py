"""Evidence recall of the passages the model reads, per dev-set category, for context orders.

    python -m bench.context_recall RUN.json --data-dir D [--part tuning|blind] [--pool 16]

Replays retrieval with the search translations an earlier `ngo-kb eval run` recorded (so no
model call is made) and reports, per category, the share of answerable questions whose evidence
string is inside the first `llm_passages` passages: as retrieved (fused rank), and reordered by
each passage's best sentence against the question and its translations. Also the prompt size
(characters) of the passages sent.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from eval.dataset import load_questions
from eval.metrics import evidence_rank
from eval.split import load_split
from guardrails import split_sentences
from guardrails.passages import REFERENCE_ENTRY, without_reference_entries
from guardrails.sentences import sentence_spans
from kb.compose import lexical_overlap, sentence_vectors
from kb.embeddings import build_embedding
from kb.index import KnowledgeBase, search_queries
from kb.keyword import search_tokens
from kb.language import is_chinese
from kb.schema import Audience, Passage
from kb.settings import Settings, load_settings

# (passages, sentences kept per passage, neighbours each side); keep 0 = the whole passage
VARIANTS = [
    (4, 0, 0),
    (6, 0, 0),
    (8, 0, 0),
    (6, 2, 1),
    (8, 2, 1),
    (8, 1, 1),
    (10, 1, 1),
    (12, 1, 1),
]
MIN_SENTENCE_CHARS = 8


def passage_sentences(passage: Passage) -> list[str]:
    """The sentences of a passage that can be evidence (reference entries and scraps left out)."""
    return [
        s.strip()
        for s in split_sentences(without_reference_entries(passage.chunk.text))
        if len(s.strip()) >= MIN_SENTENCE_CHARS
    ]


def sentence_scores(
    queries: list[str], passages: list[Passage], settings: Settings
) -> list[np.ndarray]:
    """Per passage, each evidence sentence's closeness to the nearest of `queries`."""
    return sentence_scores_of(queries, [passage_sentences(p) for p in passages], settings)


def sentence_scores_of(
    queries: list[str], sentences: list[list[str]], settings: Settings
) -> list[np.ndarray]:
    """Per group, each sentence's closeness to the nearest of `queries` (the question and its
    translations): lexical overlap with its search tokens plus embedding cosine."""
    flat = [s for group in sentences for s in group]
    if not flat:
        return [np.zeros(0) for _ in sentences]
    embedding = build_embedding(settings)
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


def rank_by_sentences(
    question: str, translations: list[str], passages: list[Passage], settings: Settings
) -> list[Passage]:
    """The passages ordered by their best sentence (ties keep retrieval order): a chunk whose
    one sentence answers the question outranks one that shares its topic throughout."""
    queries = list(dict.fromkeys([question, *translations]))
    scores = sentence_scores(queries, passages, settings)
    best = [float(s.max()) if s.size else -np.inf for s in scores]
    order = sorted(range(len(passages)), key=lambda i: (-best[i], i))
    return [passages[i] for i in order]


def excerpt(
    passage: Passage, queries: list[str], settings: Settings, keep: int, neighbours: int = 1
) -> Passage:
    """The passage cut to its `keep` sentences closest to `queries`, each with `neighbours`
    sentences either side, in document order, gaps marked "…". The model reads less (prompt
    time is most of an answer's time) and what it reads is what the question is about."""
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
            parts.append("…")
        parts.append(pieces[i])
        previous = i
    if kept[0] > 0:
        parts.insert(0, "…")
    if kept[-1] < len(pieces) - 1:
        parts.append("…")
    cut = " ".join(parts)
    return passage.model_copy(update={"chunk": passage.chunk.model_copy(update={"text": cut})})


ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev-questions.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--part", default=None)
    parser.add_argument("--pool", type=int, default=16)
    args = parser.parse_args()
    settings = load_settings(data_dir=args.data_dir)
    kb = KnowledgeBase(settings)
    run = json.loads(args.run.read_text(encoding="utf-8"))
    # A run records the other half's query; it is that half's language.
    translations = {
        r["id"]: {("en" if is_chinese(r["lang"]) else "zh-TW"): r["search_translation"]}
        for r in run["questions"]
        if r.get("search_translation")
    }
    categories = {r["id"]: r["category"] for r in run["questions"]}
    questions = load_questions(DEV)
    part = load_split().ids(args.part) if args.part else None
    n = settings.llm_passages
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for q in questions:
        if not q.answerable or not q.evidence or (part is not None and q.id not in part):
            continue
        category = categories[q.id]
        trans = translations.get(q.id, {})
        pool = kb.retrieve(
            q.question, Audience.STAFF, top_k=args.pool, **search_queries(q.question, trans)
        )
        texts = [p.chunk.text for p in pool]
        fused = evidence_rank(q.evidence, texts)
        reordered = rank_by_sentences(q.question, list(trans.values()), pool, settings)
        rer = evidence_rank(q.evidence, [p.chunk.text for p in reordered])
        queries = list(dict.fromkeys([q.question, *trans.values()]))
        for name, rank in (("fused", fused), ("sentences", rer)):
            for cat in (category, "all"):
                found[cat][name] += int(rank is not None and rank <= n)
        line = []
        for count, keep, neighbours in VARIANTS:
            sent = [excerpt(p, queries, settings, keep, neighbours) for p in pool[:count]]
            hit = evidence_rank(q.evidence, [p.chunk.text for p in sent]) is not None
            name = f"{count}x{keep}±{neighbours}"
            for cat in (category, "all"):
                found[cat][name] += int(hit)
                found[cat][name + " chars"] += sum(len(p.chunk.text) for p in sent)
            line.append(f"{name}={'Y' if hit else '-'}")
        for cat in (category, "all"):
            found[cat]["questions"] += 1
            found[cat]["in_pool"] += int(fused is not None)
        print(f"{q.id} {category:16} fused={fused} sentences={rer}", " ".join(line))
    for cat, row in sorted(found.items()):
        total = row["questions"]
        print(
            f"{cat:16} n={total:2} pool={row['in_pool']}/{total} "
            f"fused@{n}={row['fused']}/{total} sentences@{n}={row['sentences']}/{total}"
        )
        for count, keep, neighbours in VARIANTS:
            name = f"{count}x{keep}±{neighbours}"
            chars = row[name + " chars"] / max(total, 1)
            print(f"    {name:10} {row[name]}/{total}  mean chars {chars:.0f}")


if __name__ == "__main__":
    main()
