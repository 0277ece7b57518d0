"""Finding the passages: a follow-up made standalone, the question translated for the other
language half, hybrid retrieval, and a second search without group terms no passage names."""

from __future__ import annotations

import time
from collections.abc import Iterator

from guardrails import flag_instructions, to_traditional
from guardrails.bias import group_mentions, group_terms, groups_of_terms, neutralise_groups
from kb.index import HALF_LANGUAGE, language_group, other_half, search_queries
from kb.language import detect_language
from kb.library import knowledge_base
from kb.llm import EngineUsage, LLMUnavailable, stream_chat
from kb.messages import status_message
from kb.prompts import condense_messages
from kb.schema import GuardVerdict, Status
from kb.steps.context import AnswerContext
from kb.steps.llm_chain import give_up_on, llm_chain
from kb.translation import translate_question


def condense_follow_up(ctx: AnswerContext) -> Iterator[str]:
    ctx.search_query = ctx.question
    if not ctx.history:
        return
    llm = llm_chain(ctx)[0]
    if llm.for_search is None:
        ctx.search_query = f"{ctx.history[-1][0]} {ctx.question}"
        return
    started = time.perf_counter()
    usage = EngineUsage()
    try:
        messages = condense_messages(ctx.question, ctx.history)
        rewritten = "".join(stream_chat(llm.for_search, messages, usage=usage))
        ctx.search_query = rewritten.strip().splitlines()[0] if rewritten.strip() else ctx.question
    except LLMUnavailable as exc:
        ctx.notes.append(f"condense skipped: {exc}")
        give_up_on(ctx, llm)
        ctx.search_query = f"{ctx.history[-1][0]} {ctx.question}"
    ctx.timings["condense"] = round((time.perf_counter() - started) * 1000, 1)
    ctx.timings.update(usage.timings("condense_"))
    yield from ()


def translate_for_search(ctx: AnswerContext) -> Iterator[str]:
    """Each language half of the library is searched with the question in its language: a
    Chinese question is translated into English, an English one into Chinese, a question in any
    other language into both (multilingual embeddings rank a passage far below same-language
    text, and keywords match only their own language). Group terms are set aside first, so the
    two questions of a bias pair search alike. Only for search: the model still answers the
    question asked. Without a model, or if it fails, a half is searched with the question alone.
    """
    choice = llm_chain(ctx)[0]
    if choice.for_search is None:
        return
    query = neutralise_groups(ctx.search_query)
    if query != ctx.search_query:
        ctx.notes.append("search translation made of the question with its group terms set aside")
    home = language_group(query)
    halves = [other_half(home)]
    if home == "other" and detect_language(query) not in ("en", "und"):
        halves.append(home)  # a question in neither library language
    kb = knowledge_base(ctx.settings)
    usage = EngineUsage()  # both halves' calls together
    for half in halves:
        if not kb.vector_ranking(query, ctx.audience, 1, language=half):
            continue  # nothing in that language to search
        target = HALF_LANGUAGE[half]
        ctx.timings.setdefault("translation_start", ctx.elapsed_ms())
        started = time.perf_counter()
        failed = False
        try:
            translated, problem = translate_question(choice.for_search, query, target, usage)
        except LLMUnavailable as exc:
            translated, problem, failed = None, f"the model failed ({exc})", True
            give_up_on(ctx, choice)
        ctx.timings["translation"] = ctx.timings.get("translation", 0.0) + round(
            (time.perf_counter() - started) * 1000, 1
        )
        ctx.timings.update(usage.timings("translation_"))
        if translated is None:
            ctx.notes.append(f"search translation not used: {problem}")
            if failed:
                return  # the other half's translation would wait for the same failed model
        else:
            if problem:
                ctx.notes.append(f"search translation: {problem}")
            ctx.translations[target] = to_traditional(translated) if half == "zh" else translated
    yield from ()


def retrieve(ctx: AnswerContext) -> Iterator[str]:
    started = time.perf_counter()
    ctx.passages = knowledge_base(ctx.settings).retrieve(
        ctx.search_query, ctx.audience, **search_queries(ctx.search_query, ctx.translations)
    )
    ctx.timings["retrieval"] = round((time.perf_counter() - started) * 1000, 1)
    for p in ctx.passages:
        ctx.flags.extend(f"{p.chunk.chunk_id}: {kind}" for kind in flag_instructions(p.chunk.text))
    if not ctx.passages:
        ctx.finish(
            Status.UNANSWERABLE_NO_PASSAGES,
            status_message(Status.UNANSWERABLE_NO_PASSAGES, ctx.language),
        )
    yield from ()


def set_aside_unnamed_groups(ctx: AnswerContext) -> Iterator[str]:
    """A group the question names ("migrants") but no passage names gets nothing from the
    documents, yet a small model answers "...for migrants?" and "...for local residents?"
    differently. Such a question is retrieved, gated and drafted as if for everyone, and the
    answer says that the documents say nothing specific about that group."""
    ctx.prompt_question = ctx.question
    terms = group_terms(ctx.question)
    passages = ctx.passages[: ctx.settings.llm_passages]
    if not terms or groups_of_terms(ctx.question) & group_mentions(
        " ".join(p.chunk.text for p in passages)
    ):
        return
    ctx.groups_set_aside = terms
    ctx.prompt_question = neutralise_groups(ctx.question)
    ctx.search_query = neutralise_groups(ctx.search_query)
    ctx.verdicts.append(
        GuardVerdict(
            name="group_terms",
            status="pass",
            detail=f"named in no passage, answered for everyone: {', '.join(terms)}",
        )
    )
    ctx.flags = []
    yield from retrieve(ctx)
