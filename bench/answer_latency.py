"""Answer latency with the embedded model, measured against the engine's own bound.

    python -m bench.answer_latency --data-dir D [--questions Q.jsonl] [--limit N]
        [--users 1,4,8] [--slots S] [--chat-line]

D must already hold an ingested corpus (e.g. `ngo-kb ingest ../shared/corpus/seeds
--data-dir D`). The embedded llama.cpp model is forced (`llm_backend=embedded`) and loaded once
before timing; answerable questions only, so every answer goes through the model.

First the engine's rates on this machine are measured with a fixed calibration prompt (about
500 prompt tokens, 64 written); measured again at the end, a change says the machine's load
changed during the run. Then per answer: the engine's prompt and answer tokens, the time
to the quotes, to the first token and to the whole answer, and the ratio of that total to the
bound: the tokens read / prefill rate + tokens written / generation rate, summed over every
model call of the answer (the search translation and, for a follow-up, the condensing too).
A ratio near 1 says the time went into the model; far above, into the rest or into waiting.

`--users 1,4,8` runs each count of simultaneous users in turn: that many threads in this
process each ask the next question as soon as their last one is answered. `--slots` sets the
engine's parallel slots (NGOKB_LLM_PARALLEL_SLOTS). `--chat-line` asks through the web chat's
line for the model (`kb.model_line`, NGOKB_CHAT_CONCURRENCY answers at once), as the chat does.
"""

from __future__ import annotations

import argparse
import queue
import threading
import time
from pathlib import Path

from llama_index.core.base.llms.types import ChatMessage
from pydantic import BaseModel

from bench.common import print_table, write_results
from eval.dataset import EvalQuestion, load_questions
from eval.metrics import percentile
from kb.llm import EmbeddedLLM, EngineUsage, embedded_llm, stream_chat
from kb.model_line import ChatGate, ModelTurn
from kb.pipeline import stream_answer
from kb.schema import Answer, Audience, Quotes
from kb.settings import Settings, load_settings

DEFAULT_QUESTIONS = Path("../shared/eval/dev-questions.jsonl")
# The model calls an answer may make, by their prefix in `timings_ms` ("" is the answer itself).
CALLS = ("", "translation_", "condense_")
CALIBRATION_OUTPUT = 64
# A fixed text of about 500 tokens for the model to read: the same prompt on every run.
_CALIBRATION_TEXT = " ".join(
    [
        "The association runs a food bank on Tuesdays and Thursdays, a homework club for",
        "children after school, and a legal advice desk staffed by volunteers twice a month.",
        "New volunteers attend an induction session, sign the confidentiality agreement and",
        "receive a badge before their first shift. Members renew their membership in March.",
    ]
    * 8
)


class Rates(BaseModel):
    """The engine's measured speed on this machine, in tokens per second."""

    prompt_tokens: int
    answer_tokens: int
    prefill_per_s: float
    generation_per_s: float


def calibrate(llm: EmbeddedLLM) -> Rates:
    """Prefill and generation rates from one fixed request, as llama.cpp itself timed it."""
    messages = [
        ChatMessage(role="system", content="You are a careful assistant."),
        ChatMessage(
            role="user",
            content=f"{_CALIBRATION_TEXT}\n\nRetell the text above in full, in your own words.",
        ),
    ]
    usage = EngineUsage()
    for _ in stream_chat(llm, messages, max_tokens=CALIBRATION_OUTPUT, usage=usage):
        pass
    if not usage.answer_tokens or not usage.prefill_ms or not usage.decode_ms:
        raise SystemExit("the engine reported no timings for the calibration prompt")
    read = usage.prompt_tokens - usage.cached_tokens
    return Rates(
        prompt_tokens=usage.prompt_tokens,
        answer_tokens=usage.answer_tokens,
        prefill_per_s=round(read / usage.prefill_ms * 1000.0, 2),
        generation_per_s=round(usage.answer_tokens / usage.decode_ms * 1000.0, 2),
    )


def bound_ms(timings: dict[str, float], rates: Rates) -> float | None:
    """What the answer's model calls take at the calibrated rates; None when the engine did not
    report the answer's tokens (a reply cut short, an answer written without the model)."""
    if "answer_tokens" not in timings:
        return None
    total = 0.0
    for prefix in CALLS:
        read = timings.get(f"{prefix}prompt_tokens", 0.0) - timings.get(f"{prefix}cached_tokens", 0)
        total += read / rates.prefill_per_s + timings.get(f"{prefix}answer_tokens", 0.0) / (
            rates.generation_per_s
        )
    return round(total * 1000.0, 1)


def timed_answer(
    q: EvalQuestion,
    settings: Settings,
    rates: Rates,
    users: int,
    model_turn: ModelTurn | None = None,
) -> dict[str, object]:
    """One answer as a user sees it: the quotes, the first token, the whole answer."""
    quotes = first = None
    final: Answer | None = None
    started = time.perf_counter()
    for item in stream_answer(q.question, settings, audience=Audience.STAFF, model_turn=model_turn):
        now = (time.perf_counter() - started) * 1000.0
        if isinstance(item, Answer):
            final = item
        elif isinstance(item, Quotes):
            quotes = now if quotes is None else quotes
        elif isinstance(item, str) and item:
            first = now if first is None else first
    total = (time.perf_counter() - started) * 1000.0
    timings = final.timings_ms if final else {}
    bound = bound_ms(timings, rates)
    return {
        "users": users,
        "id": q.id,
        "lang": q.lang,
        "status": str(final.status) if final else "none",
        "prompt_tokens": timings.get("prompt_tokens"),
        "answer_tokens": timings.get("answer_tokens"),
        "other_tokens": sum(
            timings.get(f"{p}{k}", 0.0)
            for p in CALLS[1:]
            for k in ("prompt_tokens", "answer_tokens")
        ),
        "quotes_ms": _ms(quotes),
        # What the user sees first: the quotes, else the draft, else the whole answer (a
        # refusal decided before the model is asked appears at once).
        "shown_ms": _ms(min(t for t in (quotes, first, total) if t is not None)),
        "first_token_ms": _ms(first),
        "total_ms": _ms(total),
        "prefill_ms": timings.get("prefill_ms"),
        "decode_ms": timings.get("decode_ms"),
        "bound_ms": bound,
        "total_over_bound": round(total / bound, 2) if bound else None,
    }


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def run_users(
    questions: list[EvalQuestion],
    settings: Settings,
    rates: Rates,
    users: int,
    chat_line: bool = False,
) -> list[dict[str, object]]:
    """Every question once, asked by `users` threads at a time (each asks its next question
    as soon as its last one is answered); with `chat_line`, through the web chat's line for
    the model (`chat_concurrency` answers at once), as the chat asks."""
    line = ChatGate(settings.chat_concurrency, settings.chat_max_waiting) if chat_line else None
    todo: queue.Queue[EvalQuestion] = queue.Queue()
    for q in questions:
        todo.put(q)
    rows: list[dict[str, object]] = []
    lock = threading.Lock()

    def user() -> None:
        while True:
            try:
                q = todo.get_nowait()
            except queue.Empty:
                return
            ticket = line.join() if line is not None else None
            try:
                turn = line.turn(ticket) if line and ticket else None
                row = timed_answer(q, settings, rates, users, turn)
            finally:
                if line is not None and ticket is not None:
                    line.leave(ticket)
            with lock:
                rows.append(row)
                print(row, flush=True)

    threads = [threading.Thread(target=user, name=f"user-{i}") for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return rows


def summarise(rows: list[dict[str, object]], users: int) -> dict[str, object]:
    def values(key: str) -> list[float]:
        return [float(r[key]) for r in rows if r.get(key) is not None]  # type: ignore[arg-type]

    summary: dict[str, object] = {"users": users, "answers": len(rows)}
    for key in ("shown_ms", "quotes_ms", "first_token_ms", "total_ms", "total_over_bound"):
        found = values(key)
        for q in (50, 95):
            p = percentile(found, q)
            summary[f"{key.removesuffix('_ms')}_p{q}"] = None if p is None else round(p, 2)
    for key in ("prompt_tokens", "answer_tokens"):
        p = percentile(values(key), 50)
        summary[f"{key}_p50"] = None if p is None else round(p)
    return summary


def _user_counts(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",") if part.strip()]
    if not counts or min(counts) < 1 or max(counts) > 16:
        raise argparse.ArgumentTypeError("user counts are 1 to 16, e.g. 1,4,8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--limit", type=int, default=None, help="first N answerable questions")
    parser.add_argument("--users", type=_user_counts, default=[1], help="e.g. 1,4,8")
    parser.add_argument("--slots", type=int, default=None, help="engine parallel slots")
    parser.add_argument(
        "--chat-line", action="store_true", help="ask through the web chat's line for the model"
    )
    args = parser.parse_args()

    overrides: dict[str, object] = {"llm_backend": "embedded"}
    if args.slots is not None:
        overrides["llm_parallel_slots"] = args.slots
    settings = load_settings(data_dir=args.data_dir, **overrides)
    questions = [q for q in load_questions(args.questions) if q.answerable][: args.limit]
    started = time.perf_counter()
    for _ in stream_answer("warm-up: what is this?", settings, audience=Audience.STAFF):
        pass
    warmup_s = time.perf_counter() - started
    rates = calibrate(embedded_llm(settings))
    print(f"engine on this machine: {rates.model_dump()}", flush=True)

    rows: list[dict[str, object]] = []
    summaries: list[dict[str, object]] = []
    for users in args.users:
        found = run_users(questions, settings, rates, users, args.chat_line)
        rows.extend(found)
        summaries.append(summarise(found, users))

    title = f"Answer latency, embedded model (warm-up incl. load {warmup_s:.1f} s)"
    print_table(title, rows)
    print_table(
        f"Summary (engine {rates.prefill_per_s} / {rates.generation_per_s} tok/s)", summaries
    )
    rates_after = calibrate(embedded_llm(settings))
    print(f"engine at the end: {rates_after.model_dump()}", flush=True)
    write_results(
        "answer_latency",
        rows,
        summary=summaries,
        calibration=rates.model_dump(),
        calibration_at_end=rates_after.model_dump(),
        parallel_slots=settings.llm_parallel_slots,
        chat_line=args.chat_line,
        questions=str(args.questions),
        warmup_seconds=round(warmup_s, 1),
        model=str(settings.resolved_model_path.name),
    )


if __name__ == "__main__":
    main()
