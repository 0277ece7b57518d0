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
from kb.compose import passage_sentences
from kb.excerpts import excerpt, sentence_scores_of
from kb.index import KnowledgeBase, search_queries
from kb.language import is_chinese
from kb.schema import Audience, Passage
from kb.settings import Settings, load_settings

# (passages, sentences kept per passage, neighbours each side); keep 0 = the whole passage
VARIANTS = [
    (4, 0, 0),
    (4, 1, 1),
    (4, 2, 1),
    (4, 3, 1),
    (4, 2, 2),
    (6, 0, 0),
    (8, 0, 0),
    (6, 2, 1),
    (8, 2, 1),
    (8, 1, 1),
    (10, 1, 1),
    (12, 1, 1),
]


def sentence_scores(
    queries: list[str], passages: list[Passage], settings: Settings
) -> list[np.ndarray]:
    """Per passage, each evidence sentence's closeness to the nearest of `queries`."""
    return sentence_scores_of(queries, [passage_sentences(p) for p in passages], settings)


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
