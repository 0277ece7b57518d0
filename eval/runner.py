"""Run a question set through the real pipeline and score it (`ngo-kb eval run`)."""

from __future__ import annotations

import hashlib
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from eval.dataset import EvalQuestion, load_questions
from eval.machine import machine_info
from eval.results import JudgeScore, QuestionResult, RunConfig, RunResult
from eval.scoring import score_question, summarise, summarise_by_category, summarise_by_language
from eval.split import Part, load_split, question_category, select
from kb.index import KnowledgeBase, search_queries
from kb.library import knowledge_base
from kb.pipeline import stream_answer
from kb.schema import Answer, Audience, Passage, Status
from kb.settings import Settings

Mode = Literal["auto", "extractive"]
Judge = Callable[[Answer, list[Passage], Settings], JudgeScore]


def run(
    questions_path: Path,
    settings: Settings,
    audience: Audience = Audience.STAFF,
    mode: Mode = "auto",
    judge: Judge | None = None,
    on_result: Callable[[QuestionResult], None] | None = None,
    checkpoint: Path | None = None,
    part: Part | None = None,
    split_path: Path | None = None,
) -> RunResult:
    """Answer every question of a set and measure it; a question's own `audience` field wins.

    `judge` (e.g. `eval.judge.judge_faithfulness`) adds a local-model faithfulness estimate;
    `on_result` is called after each question (for progress output); with `checkpoint`, the run
    so far is saved there after each question (an interrupted LLM run keeps what it measured;
    `finished_at` stays empty until the end). With `part`, only that part of the committed
    tuning/blind split (`split_path`, default eval/questions/dev-split.json) is run.
    """
    questions_path = Path(questions_path)
    questions = load_questions(questions_path)
    if part is not None:
        questions = select(questions, load_split(split_path) if split_path else load_split(), part)
    config = RunConfig(
        questions_path=str(questions_path),
        questions_sha256=hashlib.sha256(questions_path.read_bytes()).hexdigest(),
        mode=mode,
        audience=audience,
        started_at=_now(),
        git_commit=_git_commit(),
        embedding_model=settings.embedder_id,
        check_embedding_model=settings.check_embedding_model,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        top_k=settings.top_k,
        llm_backend=settings.llm_backend,
        answer_style=settings.answer_style,
        judge=judge is not None,
        machine=machine_info(),
        part=part or "",
    )
    # The pipeline's own open knowledge base: one Chroma client per data directory and process.
    kb = knowledge_base(settings)
    # Load the embedding model before timing, so the first question's retrieval is not a cold start.
    kb.retrieve("warm-up", audience)
    document_lang = {d.file_name: d.language for d in kb.catalog.documents()}
    session_id = f"eval-{uuid.uuid4().hex[:8]}"
    results = []
    for question in questions:
        result = _run_one(
            question, question.audience or audience, kb, settings, mode, session_id, judge
        )
        source_lang = document_lang.get(question.source) if question.source else None
        result.category = question_category(question.lang, question.answerable, source_lang)
        results.append(result)
        if on_result is not None:
            on_result(result)
        if checkpoint is not None:
            _result(config, results, settings.top_k).save(checkpoint)
    config.finished_at = _now()
    return _result(config, results, settings.top_k)


def _result(config: RunConfig, results: list[QuestionResult], k: int) -> RunResult:
    config.backends_used = sorted({r.backend for r in results if r.backend})
    config.models_used = sorted({r.model for r in results if r.model})
    return RunResult(
        config=config,
        overall=summarise(results, k),
        by_language=summarise_by_language(results, k),
        by_category=summarise_by_category(results, k),
        questions=results,
    )


def _run_one(
    question: EvalQuestion,
    audience: Audience,
    kb: KnowledgeBase,
    settings: Settings,
    mode: Mode,
    session_id: str,
    judge: Judge | None,
) -> QuestionResult:
    answer: Answer | None = None
    error = None
    latency: dict[str, float] = {}
    started = time.perf_counter()
    try:
        for item in stream_answer(
            question.question, settings, audience=audience, session_id=session_id, mode=mode
        ):
            if isinstance(item, Answer):
                answer = item
            elif isinstance(item, str) and item and "first_token" not in latency:
                latency["first_token"] = _ms_since(started)
        latency["total"] = _ms_since(started)
        latency.setdefault("first_token", latency["total"])
    except Exception as exc:  # noqa: BLE001 - one failing question must not end the run
        # The type only: an exception message may quote the question's text.
        error = type(exc).__name__
    if answer is None and error is None:
        error = "no final answer"
    elif answer is not None and answer.status is Status.ERROR:
        error = f"pipeline error ({answer.backend_note or 'no detail'})"
    # Retrieval is scored as the pipeline searched: with its translation of the question.
    started = time.perf_counter()
    translations = answer.search_translations if answer is not None else {}
    passages = kb.retrieve(
        question.question, audience, **search_queries(question.question, translations)
    )
    measured = _ms_since(started)  # warm: the pipeline just embedded the same question
    timed = answer.timings_ms.get("retrieval") if answer is not None else None
    latency["retrieval"] = timed if timed is not None else measured
    known = {p.chunk.chunk_id for p in passages}
    cited_elsewhere = [
        c.chunk_id for c in (answer.citations if answer else []) if c.chunk_id not in known
    ]
    extra_texts = {cid: c.text for cid, c in kb.catalog.chunks_by_id(cited_elsewhere).items()}
    result = score_question(
        question, audience, passages, answer, settings.top_k, latency, extra_texts, error
    )
    if judge is not None and answer is not None and not answer.refused:
        result.judge = judge(answer, passages, settings)
    return result


def _ms_since(start: float) -> float:
    return round((time.perf_counter() - start) * 1000.0, 1)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except OSError:
        return ""
    return out.stdout.strip()
