"""Ingest throughput: parse only, + scrub, + chunk and embed, in characters and pages per second.

    python -m bench.ingest_throughput [PATH ...]   (default: ../shared/corpus/seeds)

Each file goes through the real steps once; the time of each step is summed, so the three rows
are cumulative (parse; parse + scrub; parse + scrub + chunk + embed). Nothing is indexed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import print_table, write_results
from ingest.chunking import chunk_blocks
from ingest.loaders import iter_document_paths, load_document
from ingest.normalize import normalize_blocks
from ingest.pii import PlaceholderMap, load_scrubber
from kb.embeddings import build_embedding
from kb.settings import load_settings

DEFAULT_CORPUS = Path("../shared/corpus/seeds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as data_dir:
        settings = load_settings(data_dir=Path(data_dir))
        started = time.perf_counter()
        scrubber = load_scrubber(settings)
        embedder = build_embedding(settings)
        embedder.get_text_embedding("warm-up")
        setup_s = time.perf_counter() - started

        chars = pages = files = chunks = 0
        seconds = {"parse": 0.0, "scrub": 0.0, "embed": 0.0}
        for path in iter_document_paths(list(args.paths)):
            if not isinstance(path, Path):
                continue
            t0 = time.perf_counter()
            parsed = load_document(path, int(settings.max_file_mb * 2**20))
            blocks = normalize_blocks(parsed.blocks)
            t1 = time.perf_counter()
            placeholders = PlaceholderMap()
            clean = [
                b.model_copy(update={"text": scrubber.scrub(b.text, placeholders).text})
                for b in blocks
            ]
            t2 = time.perf_counter()
            pieces = chunk_blocks(clean, settings.chunk_size, settings.chunk_overlap)
            embedder.get_text_embedding_batch([c.text for c in pieces])
            t3 = time.perf_counter()
            seconds["parse"] += t1 - t0
            seconds["scrub"] += t2 - t1
            seconds["embed"] += t3 - t2
            files += 1
            chunks += len(pieces)
            chars += sum(len(b.text) for b in blocks)
            pages += parsed.pages or len({b.page for b in blocks if b.page is not None}) or 0

    rows = []
    elapsed = 0.0
    for stage, label in (("parse", "parse"), ("scrub", "+ scrub"), ("embed", "+ chunk + embed")):
        elapsed += seconds[stage]
        rows.append(
            {
                "stage": label,
                "seconds": round(elapsed, 2),
                "chars_per_s": round(chars / elapsed) if elapsed else None,
                "pages_per_s": round(pages / elapsed, 2) if elapsed and pages else None,
            }
        )
    print_table(
        f"Ingest throughput: {files} files, {chars:,} characters, {pages} pages, "
        f"{chunks} chunks ({settings.embedding_model}; set-up {setup_s:.1f} s not counted)",
        rows,
    )
    write_results(
        "ingest_throughput",
        rows,
        files=files,
        characters=chars,
        pages=pages,
        chunks=chunks,
        embedding_model=settings.embedding_model,
        setup_seconds=round(setup_s, 2),
        paths=[str(p) for p in args.paths],
    )


if __name__ == "__main__":
    main()
