"""The evidence gate: the passage sentences an answer may rest on, the refusal when there are
none, the quotes shown while the model writes, and the answer made of quotes alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from guardrails import LanguageMatchGuard
from guardrails.base import GuardContext
from guardrails.bias import neutralise_groups
from kb.compose import (
    MIN_KEY_TERM_COVERAGE,
    evidence_quotes,
    key_term_coverage,
    renumber_citations,
)
from kb.keyword import search_tokens
from kb.library import knowledge_base
from kb.measures import kinds_asked
from kb.messages import (
    extractive_lead,
    may_want_to_read,
    quotes_label,
    status_message,
    years_not_mentioned,
)
from kb.schema import GuardVerdict, Passage, Quotes, Status
from kb.steps.context import AnswerContext
from kb.steps.llm_chain import llm_chain
from kb.years import passages_about_years, roc_years_in, years_in

READING_SUGGESTIONS = 2  # passages named with a refusal of an answer off the question


class Evidence(NamedTuple):
    quotes: str | None  # the passage sentences closest to the question, None when none are
    years_missing: tuple[int, ...] = ()
    kinds: frozenset[str] = frozenset()  # of quantity the question asks for (`kb.measures`)

    @property
    def why_none(self) -> str:
        if self.years_missing:
            return "no passage mentions " + ", ".join(map(str, self.years_missing))
        if self.quotes is not None:
            return ""
        about = f" about {' or '.join(sorted(self.kinds))}" if self.kinds else ""
        return f"no passage sentence{about} is close to the question"


def find_evidence(
    ctx: AnswerContext, passages: list[Passage], question: str | None = None
) -> Evidence:
    """The passage sentences closest to the question, or to its translation, or why there are
    none. A sentence in the other language is closer to the translated question. A question
    about a year is answered only from passages that mention it: "協會2024年的總收入" found its
    evidence in the income rules, which name no year, and the model invented a total. One asking
    for a length of time, money or a weight is answered only from sentences about that kind of
    thing, read from the question as asked (the translation may have lost it)."""
    asked = ctx.prompt_question if question is None else question
    about = passages_about_years(asked, passages)
    if not about:
        return Evidence(None, tuple(sorted(years_in(asked))))
    kinds = kinds_asked(asked)
    quotes = evidence_quotes(asked, passages, ctx.settings, about, kinds)
    for translated in ctx.translations.values():
        if quotes is not None:
            break
        quotes = evidence_quotes(translated, passages, ctx.settings, about, kinds)
    return Evidence(quotes, kinds=kinds)


def refuse_without_evidence(ctx: AnswerContext, evidence: Evidence) -> None:
    message = (
        years_not_mentioned(evidence.years_missing, ctx.language, roc_years_in(ctx.prompt_question))
        if evidence.years_missing
        else status_message(Status.UNANSWERABLE_NOT_SUPPORTED, ctx.language)
    )
    ctx.finish(Status.UNANSWERABLE_NOT_SUPPORTED, message)


def compose_extractive(ctx: AnswerContext, why: str, instead_of_a_draft: bool = False) -> None:
    """The answer made of quotes. `instead_of_a_draft`: the model wrote a draft the checks
    refused; its quotes then meet the rule the draft met, the question's language, or the
    answer is a refusal naming passages to read (without a model, quotes are all there is)."""
    ctx.backend, ctx.model = "extractive", "none"
    ctx.notes.append(why)
    evidence = find_evidence(ctx, ctx.passages)
    if evidence.quotes is None:
        refuse_without_evidence(ctx, evidence)
        return
    # Quotes close to the question in wording or meaning may still be about another topic:
    # offered as an answer only if they say what is particular to the question.
    coverage = max(
        key_term_coverage(asked, evidence.quotes, _term_counts(ctx, asked))
        for asked in (ctx.prompt_question, *ctx.translations.values())
    )
    detail = f"key terms of the question in the quotes {coverage:.2f}"
    if coverage < MIN_KEY_TERM_COVERAGE:
        ctx.verdicts.append(
            GuardVerdict(name="quotes_answer_question", status="fail", detail=detail)
        )
        ctx.notes.append("the quotes are not about what the question asks")
        refuse_with_reading(ctx)
        return
    ctx.verdicts.append(GuardVerdict(name="quotes_answer_question", status="pass", detail=detail))
    if instead_of_a_draft and not _in_the_question_s_language(ctx, evidence.quotes):
        detail = "the quotes are not in the question's script"
        ctx.verdicts.append(GuardVerdict(name="quotes_language", status="fail", detail=detail))
        ctx.notes.append("the quotes are in another language than the question")
        refuse_with_reading(ctx)
        return
    ctx.text = f"{extractive_lead(ctx.language)} {evidence.quotes}"
    ctx.finish(Status.ANSWERED_EXTRACTIVE)


def _in_the_question_s_language(ctx: AnswerContext, quotes: str) -> bool:
    check = LanguageMatchGuard().check(
        GuardContext(
            question=ctx.prompt_question,
            language=ctx.language,
            audience=ctx.audience,
            passages=ctx.passages,
            draft=quotes,
        )
    )
    return check.verdict.status != "fail"


def _term_counts(ctx: AnswerContext, text: str) -> tuple[int, dict[str, int]]:
    return knowledge_base(ctx.settings).catalog.term_counts(search_tokens(text))


def refuse_with_reading(ctx: AnswerContext) -> None:
    """A refusal that names the closest passages, for the user to read themselves."""
    refusal = status_message(Status.UNANSWERABLE_NOT_SUPPORTED, ctx.language)
    shown = ctx.passages[:READING_SUGGESTIONS]
    numbers = " ".join(f"[{n}]" for n in range(1, len(shown) + 1))
    ctx.finish(
        Status.UNANSWERABLE_NOT_SUPPORTED,
        f"{refusal}\n\n{may_want_to_read(ctx.language)} {numbers}" if shown else refusal,
    )


def show_early_quotes(ctx: AnswerContext) -> Iterator[Quotes]:
    """Quotes before any model call: the question as asked (group terms set aside, as the
    search translation does) searches both language halves, the other one by meaning alone,
    and the evidence sentences found there are shown at once. The search with the model's
    translation follows, and its evidence gate decides the answer (see `compose`). Only when
    a model will be asked: without one, the answer itself is quotes, at once."""
    if llm_chain(ctx)[0].llm is None:
        return
    asked = neutralise_groups(ctx.search_query)
    passages = knowledge_base(ctx.settings).retrieve(asked, ctx.audience)
    passages = passages[: ctx.settings.llm_passages]
    if not passages:
        return
    evidence = find_evidence(ctx, passages, neutralise_groups(ctx.question))
    if evidence.quotes is not None:
        yield show_quotes(ctx, evidence, passages)


def show_quotes(ctx: AnswerContext, evidence: Evidence, passages: list[Passage]) -> Quotes | None:
    """The evidence sentences as shown while the model writes: the user reads the documents'
    own words at once instead of waiting for the whole answer; numbered 1..m on their own.
    Quotes already shown are replaced only by different ones (None when they are the same)."""
    text, citations = renumber_citations(evidence.quotes or "", passages)
    quotes = Quotes(label=quotes_label(ctx.language), text=text, citations=citations)
    if ctx.quotes is not None:
        if (ctx.quotes.text, ctx.quotes.citations) == (text, citations):
            return None
        ctx.timings["quotes_replaced"] = ctx.elapsed_ms()
        ctx.notes.append("quotes replaced by those of the search with the translated question")
    else:
        ctx.timings["quotes"] = ctx.elapsed_ms()
        ctx.notes.append("quotes from the passages shown before the model was asked")
    ctx.quotes = quotes
    return quotes
