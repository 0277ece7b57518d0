"""The life of one answer, top to bottom.

    scrub personal data -> guard the question -> condense a follow-up
    -> quotes found with the question as asked, shown at once
    -> translate it for documents in the other language -> retrieve
    -> set aside group terms no passage names -> compose (LLM, falling back to extractive)
    -> guard the draft -> cite -> audit

Each step reads and writes one `AnswerContext`; a step that settles the outcome sets `status`
and the remaining steps are skipped. Any exception becomes `Status.ERROR` with a fixed message:
a user never sees a stack trace, and no answer leaves without an audit record.

Each step lives in `kb/steps/` (one module per stage, the context in `kb/steps/context.py`);
the record written at the end is built in `kb/answer_record.py`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator

from kb.answer_record import to_answer, write_audit
from kb.messages import status_message
from kb.model_line import ModelTurn
from kb.schema import Answer, Audience, InLine, Quotes, Status
from kb.settings import Settings
from kb.steps.checks import guard_answer
from kb.steps.cite import cite
from kb.steps.context import AnswerContext, Mode
from kb.steps.draft import compose
from kb.steps.evidence import show_early_quotes
from kb.steps.question import WITHHELD, check_audit_log, guard_question, scrub_question
from kb.steps.search import (
    condense_follow_up,
    retrieve,
    set_aside_unnamed_groups,
    translate_for_search,
)
from kb.store import StoreUnavailable

log = logging.getLogger(__name__)

Step = Callable[[AnswerContext], Iterator[str | Quotes | InLine]]
STEPS: list[Step] = [
    check_audit_log,
    scrub_question,
    guard_question,
    condense_follow_up,
    show_early_quotes,
    translate_for_search,
    retrieve,
    set_aside_unnamed_groups,
    compose,
    guard_answer,
    cite,
]


def stream_answer(
    question: str,
    settings: Settings,
    audience: Audience = Audience.STAFF,
    session_id: str | None = None,
    history: list[tuple[str, str]] | None = None,
    mode: Mode = "auto",
    model_turn: ModelTurn | None = None,
) -> Iterator[str | Quotes | InLine | Answer]:
    """Yield the evidence `Quotes` once the model is to be asked, text deltas as the draft is
    generated, then the final, guarded `Answer`. A consumer may skip items it does not know.

    With `model_turn` (the web chat's line, `kb.model_line`), everything before the model writes
    the answer runs at once, and the answer then waits for its turn, yielding `InLine` while it
    does: people in line see their quotes, or a refusal, without waiting for the answers ahead."""
    ctx = AnswerContext(
        question=question,
        settings=settings,
        audience=audience,
        session_id=session_id or secrets.token_hex(8),
        history=list(history or []),
        mode=mode,
        model_turn=model_turn,
    )
    try:
        for step in STEPS:
            if ctx.status is not None and step is not cite:
                continue
            try:
                yield from step(ctx)
            except Exception as exc:  # noqa: BLE001 - becomes a fixed message and an error status
                # Only a store error's message is logged: it names paths, never user text.
                why = str(exc) if isinstance(exc, StoreUnavailable) else type(exc).__name__
                log.error("answer step %s failed: %s", step.__name__, why)
                ctx.notes.append(f"{step.__name__} failed: {type(exc).__name__}")
                if step in (check_audit_log, scrub_question):
                    ctx.question = WITHHELD
                ctx.citations = []
                ctx.finish(Status.ERROR, status_message(Status.ERROR, ctx.language))
    except GeneratorExit:
        # The asker left (closed the page, or the chat was cleared) while waiting in line or
        # reading the draft: what was asked and shown so far is audited all the same.
        ctx.notes.append("the asker left before the answer was finished")
        try:
            write_audit(ctx, secrets.token_hex(8))
        except Exception as exc:  # noqa: BLE001 - nobody is left to tell
            log.error("audit write failed: %s", type(exc).__name__)
        raise
    audit_id = secrets.token_hex(8)
    try:
        write_audit(ctx, audit_id)
    except Exception as exc:  # noqa: BLE001 - an unaudited answer must not leave
        log.error("audit write failed: %s", type(exc).__name__)
        ctx.citations, ctx.notes = [], [*ctx.notes, f"audit failed: {type(exc).__name__}"]
        ctx.quotes = None  # an unaudited answer keeps nothing of what it showed
        ctx.finish(Status.ERROR, status_message(Status.ERROR, ctx.language))
        audit_id = ""
    yield to_answer(ctx, audit_id)


def answer(
    question: str,
    settings: Settings,
    audience: Audience = Audience.STAFF,
    session_id: str | None = None,
    history: list[tuple[str, str]] | None = None,
    mode: Mode = "auto",
) -> Answer:
    """Answer one question (see `stream_answer`)."""
    final: Answer | None = None
    for item in stream_answer(question, settings, audience, session_id, history, mode):
        if isinstance(item, Answer):
            final = item
    assert final is not None
    return final
