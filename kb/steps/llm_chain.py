"""The answer's backends, chosen once per answer and shared by every step that asks a model."""

from __future__ import annotations

from kb.llm import LLMChoice, candidate_llms
from kb.steps.context import AnswerContext


def llm_chain(ctx: AnswerContext) -> list[LLMChoice]:
    """The backends for this answer, chosen once: each choice asks a configured Ollama server
    for its models (up to its timeout when the server is down), and up to three steps ask."""
    if not ctx.llm_chain:
        ctx.llm_chain = (
            [LLMChoice("extractive", "none", "extractive mode requested", None)]
            if ctx.mode == "extractive"
            else candidate_llms(ctx.settings)
        )
    return ctx.llm_chain


def give_up_on(ctx: AnswerContext, failed: LLMChoice) -> None:
    """A backend that failed is not asked again in this answer: a dead Ollama server would
    otherwise make every later step wait for its timeout."""
    ctx.notes.append(f"{failed.backend} failed; not asked again for this answer")
    ctx.llm_chain = [choice for choice in llm_chain(ctx) if choice is not failed]
