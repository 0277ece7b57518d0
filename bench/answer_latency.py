"""Answer latency with the embedded model: time to first token and to the complete answer.

    python -m bench.answer_latency --data-dir D [--questions Q.jsonl] [--limit 4]

D must already hold an ingested corpus (e.g. `ngo-kb ingest ../shared/corpus/seeds
--data-dir D`). The embedded llama.cpp model is forced (`llm_backend=embedded`) and loaded once
before timing; answerable questions only, so every answer goes through the model.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.common import print_table, write_results
from eval.dataset import load_questions
from eval.metrics import percentile
from kb.pipeline import stream_answer
from kb.schema import Answer, Audience
from kb.settings import load_settings

DEFAULT_QUESTIONS = Path("../shared/eval/seed-questions.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--limit", type=int, default=4)
    args = parser.parse_args()

    settings = load_settings(data_dir=args.data_dir, llm_backend="embedded")
    questions = [q for q in load_questions(args.questions) if q.answerable][: args.limit]
    started = time.perf_counter()
    for _ in stream_answer("warm-up: what is this?", settings, audience=Audience.STAFF):
        pass
    warmup_s = time.perf_counter() - started

    rows = []
    for q in questions:
        first = None
        pieces = 0
        final: Answer | None = None
        started = time.perf_counter()
        for item in stream_answer(q.question, settings, audience=Audience.STAFF):
            if isinstance(item, Answer):
                final = item
            elif isinstance(item, str) and item:  # the quotes shown first are not a token
                pieces += 1
                first = first if first is not None else time.perf_counter() - started
        total = time.perf_counter() - started
        rows.append(
            {
                "id": q.id,
                "lang": q.lang,
                "first_token_ms": round((first if first is not None else total) * 1000.0),
                "total_ms": round(total * 1000.0),
                "deltas": pieces,
                "answer_chars": len(final.answer) if final else 0,
                "status": str(final.status) if final else "none",
                "backend": final.backend if final else "",
            }
        )
        print(rows[-1], flush=True)

    firsts = [float(r["first_token_ms"]) for r in rows]  # type: ignore[arg-type]
    totals = [float(r["total_ms"]) for r in rows]  # type: ignore[arg-type]
    summary: dict[str, object] = {
        "first_token_p50_ms": percentile(firsts, 50),
        "first_token_p95_ms": percentile(firsts, 95),
        "total_p50_ms": percentile(totals, 50),
        "total_p95_ms": percentile(totals, 95),
    }
    print_table(f"Answer latency, embedded model (warm-up incl. load {warmup_s:.1f} s)", rows)
    print_table("Summary", [summary])
    write_results(
        "answer_latency",
        rows,
        summary=summary,
        warmup_seconds=round(warmup_s, 1),
        model=str(settings.resolved_model_path.name),
    )


if __name__ == "__main__":
    main()
