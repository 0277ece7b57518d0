"""The draft: the evidence gate first, then each backend in turn, streaming, until one writes;
without a model, or when the model wrote nothing usable, the answer is quotes."""

from __future__ import annotations

import time
from collections.abc import Iterator

from guardrails import format_passages, propagate_citations, to_traditional
from guardrails.grounding import attribute_citations
from kb.compose import without_citation_lookalikes
from kb.excerpts import prompt_passages
from kb.llm import EngineUsage, LLMUnavailable, stream_chat
from kb.messages import status_message
from kb.model_line import wait_in_line
from kb.prompts import (
    NO_ANSWER,
    answer_messages,
    says_only_that_documents_are_silent,
    without_non_claims,
)
from kb.repetition import cut_at_repeat
from kb.schema import GuardVerdict, InLine, Quotes, Status
from kb.steps.context import AnswerContext
from kb.steps.evidence import (
    compose_extractive,
    find_evidence,
    refuse_without_evidence,
    show_quotes,
)
from kb.steps.llm_chain import llm_chain


def compose(ctx: AnswerContext) -> Iterator[str | Quotes | InLine]:
    passages = ctx.passages[: ctx.settings.llm_passages]
    chain = llm_chain(ctx)
    passages_block = ""  # as the model reads them; made once, for whichever backend writes
    if chain[0].llm is not None:
        # Asked without evidence, a small model invents an answer (for one wording of a
        # question and not for another): the guard would remove it, a minute later.
        evidence = find_evidence(ctx, passages)
        found = evidence.quotes is not None
        ctx.verdicts.append(
            GuardVerdict(
                name="evidence", status="pass" if found else "fail", detail=evidence.why_none
            )
        )
        if not found:
            ctx.notes.append("the model was not asked: no evidence in the passages")
            refuse_without_evidence(ctx, evidence)
            return
        if (quotes := show_quotes(ctx, evidence, passages)) is not None:
            yield quotes
        if ctx.model_turn is not None:
            # Only the writing waits for the answers ahead: the quotes or a refusal came at once.
            yield from wait_in_line(ctx.model_turn)
        queries = list(dict.fromkeys([ctx.prompt_question, *ctx.translations.values()]))
        read = prompt_passages(passages, queries, ctx.settings)
        passages_block = format_passages([without_citation_lookalikes(p) for p in read])
    for choice in chain:
        if choice.llm is None:
            compose_extractive(ctx, choice.reason)
            return
        messages = answer_messages(
            ctx.prompt_question,
            passages_block,
            ctx.language,
            ctx.settings.organisation_name,
            ctx.answer_style,
        )
        started = time.perf_counter()
        draft = ""
        usage = EngineUsage()
        deltas = stream_chat(choice.llm, messages, usage=usage)
        try:
            for delta in deltas:
                if not draft:
                    ctx.timings["first_token"] = round(
                        (time.perf_counter() - ctx.started) * 1000, 1
                    )
                draft += delta
                yield delta
                if (shortened := cut_at_repeat(draft)) != draft:
                    ctx.notes.append("generation stopped: the draft began to repeat itself")
                    draft = shortened
                    break
        except LLMUnavailable as exc:
            ctx.notes.append(f"{choice.backend} failed ({exc}); falling back")
            if draft:
                yield "\n"
            continue
        finally:
            deltas.close()  # stops the engine when generation was cut short
        ctx.timings["generation"] = round((time.perf_counter() - started) * 1000, 1)
        ctx.timings.update(usage.timings())  # prompt_tokens, answer_tokens, prefill/decode_ms
        ctx.backend, ctx.model = choice.backend, choice.model
        ctx.notes.append(choice.reason)
        draft, written = without_non_claims(draft), draft.strip()
        if written and not draft:
            # Seen for questions the passages answer as well as for ones they do not: a failure
            # of the model, not its finding that the documents are silent.
            compose_extractive(
                ctx,
                "the model wrote only the prompt's citation example or passage numbers",
                instead_of_a_draft=True,
            )
            return
        if draft != written:
            ctx.notes.append("left out: the prompt's citation example or passage numbers alone")
        if not draft or NO_ANSWER in draft or says_only_that_documents_are_silent(draft):
            ctx.finish(
                Status.UNANSWERABLE_NOT_SUPPORTED,
                status_message(Status.UNANSWERABLE_NOT_SUPPORTED, ctx.language),
            )
            return
        draft = to_traditional(draft) if ctx.language == "zh-TW" else draft
        ctx.text, recited = attribute_citations(
            propagate_citations(draft), passages, ctx.prompt_question, ctx.similarity
        )
        if recited:
            ctx.notes.append(f"citations added or corrected in {recited} sentence(s)")
        ctx.passages = passages
        return
