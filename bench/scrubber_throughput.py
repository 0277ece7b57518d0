"""Scrubber throughput: characters per second of the real personal-data scrubber, per language.

    python -m bench.scrubber_throughput [PATH ...]  (default: ../shared/corpus/seeds samples/corpus)

Documents are loaded and normalised first (not timed), then scrubbed as ingest does it (all
blocks of a document together, `ingest.prepare.scrub_blocks`), grouped by the document's
language; a second row per language times short texts the size of a question (the seed
questions). `--per-block` scrubs each block on its own instead, as ingest did before `scrub_many`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.common import print_table, write_results
from eval.dataset import load_questions
from eval.metrics import percentile
from ingest.loaders import iter_document_paths, load_document
from ingest.normalize import normalize_blocks
from ingest.pii import PlaceholderMap, load_scrubber
from ingest.prepare import scrub_blocks
from kb.language import detect_language
from kb.schema import TextBlock
from kb.settings import load_settings

DEFAULT_PATHS = [Path("../shared/corpus/seeds"), Path("samples/corpus")]
DEFAULT_QUESTIONS = Path("../shared/eval/seed-questions.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT_PATHS)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the questions")
    parser.add_argument("--per-block", action="store_true", help="one scrub call per block")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as data_dir:
        settings = load_settings(data_dir=Path(data_dir))
        started = time.perf_counter()
        scrubber = load_scrubber(settings)
        scrubber.scrub("warm-up 暖身", PlaceholderMap())
        setup_s = time.perf_counter() - started

        documents: dict[str, list[list[TextBlock]]] = defaultdict(list)
        for path in iter_document_paths(list(args.paths)):
            if isinstance(path, Path):
                blocks = normalize_blocks(load_document(path, 50 * 2**20).blocks)
                language = detect_language(" ".join(b.text for b in blocks)[:20000])
                documents[language].append(blocks)

        rows: list[dict[str, object]] = []
        for language, docs in sorted(documents.items()):
            started = time.perf_counter()
            found = 0
            for blocks in docs:
                if args.per_block:
                    results = [scrubber.scrub(b.text, PlaceholderMap()) for b in blocks]
                    found += sum(sum(r.counts.values()) for r in results)
                else:
                    found += sum(scrub_blocks(blocks, scrubber)[1].values())
            seconds = time.perf_counter() - started
            chars = sum(len(b.text) for blocks in docs for b in blocks)
            rows.append(
                {
                    "input": f"documents ({language})",
                    "texts": len(docs),
                    "chars": chars,
                    "chars_per_s": round(chars / seconds),
                    "p50_ms": None,
                    "p95_ms": None,
                    "found": found,
                }
            )

        questions = load_questions(args.questions) if args.questions.exists() else []
        for language in sorted({q.lang for q in questions}):
            asked = [q.question for q in questions if q.lang == language] * args.repeat
            times = []
            for text in asked:
                started = time.perf_counter()
                scrubber.scrub(text, PlaceholderMap())
                times.append((time.perf_counter() - started) * 1000.0)
            chars = sum(len(t) for t in asked)
            rows.append(
                {
                    "input": f"questions ({language})",
                    "texts": len(asked),
                    "chars": chars,
                    "chars_per_s": round(chars / (sum(times) / 1000.0)),
                    "p50_ms": percentile(times, 50),
                    "p95_ms": percentile(times, 95),
                    "found": None,
                }
            )

    print_table(f"Scrubber throughput (set-up {setup_s:.1f} s not counted)", rows)
    write_results(
        "scrubber_throughput",
        rows,
        setup_seconds=round(setup_s, 2),
        paths=[str(p) for p in args.paths],
        per_block=args.per_block,
    )


if __name__ == "__main__":
    main()
