"""The draft checked by the output guards: a failed check refuses, or answers with quotes."""

from __future__ import annotations

from collections.abc import Iterator

from guardrails import AnswersQuestionGuard, GroundednessGuard, output_guards
from guardrails.base import GuardContext, run_guard
from ingest.pii import load_scrubber
from kb.compose import cited_numbers
from kb.messages import status_message
from kb.schema import Status
from kb.steps.context import AnswerContext
from kb.steps.evidence import compose_extractive


def guard_answer(ctx: AnswerContext) -> Iterator[str]:
    if ctx.backend == "extractive":
        return
    scrubber = load_scrubber(ctx.settings)
    evidence_passages = _evidence_passages(ctx)
    for guard in output_guards(ctx.settings, scrubber, ctx.similarity):
        gctx = GuardContext(
            question=ctx.prompt_question,
            language=ctx.language,
            audience=ctx.audience,
            passages=ctx.passages,
            draft=ctx.text,
            evidence_passages=evidence_passages,
        )
        result = run_guard(guard, gctx, timeout_s=30.0)
        ctx.verdicts.append(result.verdict)
        if result.text is not None:
            ctx.text = result.text
        if result.verdict.name == AnswersQuestionGuard.name and result.verdict.status == "fail":
            # Quotes are offered instead only if they say what the question asks (their own
            # check); otherwise the refusal names the closest passages.
            ctx.notes.append("the answer left after the checks is not about the question")
            compose_extractive(ctx, "output guard answers_question: fail", instead_of_a_draft=True)
            return
        if result.verdict.name == GroundednessGuard.name and result.verdict.status == "fail":
            # The model wrote only claims its passages do not hold: on the sample questions
            # that meant the passages do not answer (quoting them instead misled 6 times in 7).
            ctx.notes.append("no sentence of the draft is supported by its passages")
            ctx.finish(
                Status.UNANSWERABLE_NOT_SUPPORTED,
                status_message(Status.UNANSWERABLE_NOT_SUPPORTED, ctx.language),
            )
            return
        if result.verdict.status in ("fail", "error") or not cited_numbers(ctx.text):
            compose_extractive(
                ctx,
                f"output guard {result.verdict.name}: {result.verdict.status}",
                instead_of_a_draft=True,
            )
            return
    yield from ()


def _evidence_passages(ctx: AnswerContext) -> list[int]:
    """The numbers of `ctx.passages` holding the evidence sentences last shown as quotes."""
    if ctx.quotes is None:
        return []
    shown = {c.chunk_id for c in ctx.quotes.citations}
    return [n for n, p in enumerate(ctx.passages, start=1) if p.chunk.chunk_id in shown]
