"""The evidence gate: the passage sentences an answer may rest on, the refusal when there are
none, the quotes shown while the model writes, and the answer made of quotes alone."""

from __future__ import annotations

from typing import NamedTuple

from kb.compose import evidence_quotes, renumber_citations
from kb.measures import kinds_asked
from kb.messages import extractive_lead, quotes_label, status_message, years_not_mentioned
from kb.schema import Passage, Quotes, Status
from kb.steps.context import AnswerContext
from kb.years import passages_about_years, roc_years_in, years_in


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


def find_evidence(ctx: AnswerContext, passages: list[Passage]) -> Evidence:
    """The passage sentences closest to the question, or to its translation, or why there are
    none. A sentence in the other language is closer to the translated question. A question
    about a year is answered only from passages that mention it: "協會2024年的總收入" found its
    evidence in the income rules, which name no year, and the model invented a total. One asking
    for a length of time, money or a weight is answered only from sentences about that kind of
    thing, read from the question as asked (the translation may have lost it)."""
    about = passages_about_years(ctx.prompt_question, passages)
    if not about:
        return Evidence(None, tuple(sorted(years_in(ctx.prompt_question))))
    kinds = kinds_asked(ctx.prompt_question)
    quotes = evidence_quotes(ctx.prompt_question, passages, ctx.settings, about, kinds)
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


def compose_extractive(ctx: AnswerContext, why: str) -> None:
    ctx.backend, ctx.model = "extractive", "none"
    ctx.notes.append(why)
    evidence = find_evidence(ctx, ctx.passages)
    if evidence.quotes is None:
        refuse_without_evidence(ctx, evidence)
    else:
        ctx.text = f"{extractive_lead(ctx.language)} {evidence.quotes}"
        ctx.finish(Status.ANSWERED_EXTRACTIVE)


def show_quotes(ctx: AnswerContext, evidence: Evidence, passages: list[Passage]) -> Quotes:
    """The evidence sentences as shown while the model writes: the user reads the documents'
    own words at once instead of waiting for the whole answer; numbered 1..m on their own."""
    text, citations = renumber_citations(evidence.quotes or "", passages)
    ctx.quotes = Quotes(label=quotes_label(ctx.language), text=text, citations=citations)
    ctx.timings["quotes"] = ctx.elapsed_ms()
    ctx.notes.append("quotes from the passages shown before the model was asked")
    return ctx.quotes
