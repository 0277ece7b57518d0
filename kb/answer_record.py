"""The finished answer written out: its audit record, and the `Answer` the user is given."""

from __future__ import annotations

from datetime import UTC, datetime

from guardrails import GroundednessGuard
from kb.audit import AuditLog
from kb.index import search_queries
from kb.library import knowledge_base
from kb.messages import quotes_without_answer
from kb.prompts import prompt_version
from kb.schema import Answer, AuditRecord, Quotes, Status
from kb.settings import Settings
from kb.steps.context import AnswerContext
from kb.store import StoreUnavailable


def _index_version(settings: Settings) -> str:
    try:
        return knowledge_base(settings).catalog.index_version()
    except StoreUnavailable:  # the error answer is still audited
        return "unavailable"


def write_audit(ctx: AnswerContext, audit_id: str) -> None:
    AuditLog(ctx.settings).append(
        AuditRecord(
            audit_id=audit_id,
            time=datetime.now(UTC).isoformat(timespec="seconds"),
            session_id=ctx.session_id,
            audience=ctx.audience,
            question=ctx.question,
            language=ctx.language,
            pii_types=ctx.pii_counts,
            retrieved=ctx.retrieved_refs(),
            cited_ids=[c.chunk_id for c in ctx.citations],
            backend=ctx.backend,
            model=ctx.model,
            prompt_version=prompt_version(ctx.answer_style),
            index_version=_index_version(ctx.settings),
            guardrails=ctx.verdicts,
            answer=ctx.text,
            status=ctx.status or Status.ERROR,
            latency_ms=ctx.elapsed_ms(),
            flags=ctx.flags,
            notes=ctx.distinct_notes(),
        )
    )


def _sentences_removed(ctx: AnswerContext) -> bool:
    """The model's answer is shown without some of its sentences (the guard passed the rest)."""
    return ctx.status is Status.ANSWERED and any(
        v.name == GroundednessGuard.name
        and v.status == "pass"
        and v.score is not None
        and v.score < 1.0
        for v in ctx.verdicts
    )


def _away_translation(ctx: AnswerContext) -> str | None:
    """The translation the other language half was searched with (`search_translation`)."""
    return search_queries(ctx.search_query, ctx.translations).get("away_query")


def _final_quotes(ctx: AnswerContext, status: Status) -> Quotes | None:
    """The quotes shown, saying so when no written answer followed them."""
    if ctx.quotes is None or not status.refused:
        return ctx.quotes
    return ctx.quotes.model_copy(update={"note": quotes_without_answer(ctx.language)})


def to_answer(ctx: AnswerContext, audit_id: str) -> Answer:
    status = ctx.status or Status.ERROR
    return Answer(
        question=ctx.question,
        answer=ctx.text,
        language=ctx.language,
        refused=status.refused,
        citations=ctx.citations,
        backend=ctx.backend,
        model=ctx.model,
        guardrails=ctx.verdicts,
        audit_id=audit_id,
        timings_ms={**ctx.timings, "total": ctx.elapsed_ms()},
        status=status,
        status_label=status.label,
        audience=ctx.audience,
        pii_removed=ctx.pii_counts,
        retrieved=ctx.retrieved_refs(),
        backend_note="; ".join(ctx.distinct_notes()),
        groups_set_aside=ctx.groups_set_aside,
        search_translation=_away_translation(ctx),
        search_translations=dict(ctx.translations),
        sentences_removed=_sentences_removed(ctx),
        quotes=_final_quotes(ctx, status),
    )
