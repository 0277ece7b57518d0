"""An answer the groundedness guard shortened says so: the user is told it may be incomplete.

Real retrieval, real guards and embedder on the sample corpus; the drafts are written here (the
model's own drafts are covered by the evaluation), so the removed sentence is known.
"""

from __future__ import annotations

from kb.answer_record import to_answer
from kb.schema import Answer, Status
from kb.settings import Settings
from kb.steps.checks import guard_answer
from kb.steps.cite import cite
from tests.test_search_translation import _searched

QUESTION = "How many hours of training must a new volunteer complete before the first shift?"
EVIDENCE = "11 hours of training"


def _answer_with_draft(settings: Settings, draft: str) -> Answer:
    """The pipeline from retrieval on, with `draft` as the model's reply ({n}: the evidence)."""
    ctx = _searched(settings, "extractive", QUESTION)  # no model: the question is not translated
    ctx.prompt_question = QUESTION
    ctx.passages = ctx.passages[: settings.llm_passages]
    n = next(i for i, p in enumerate(ctx.passages, 1) if EVIDENCE in p.chunk.text)
    ctx.text, ctx.backend, ctx.model = draft.format(n=n), "embedded", "test draft"
    for step in (guard_answer, cite):
        for _ in step(ctx):
            pass
    return to_answer(ctx, "test")


def test_a_shortened_answer_says_so_and_a_whole_one_does_not(samples_kb: Settings) -> None:
    supported = "New volunteers complete 11 hours of training before their first shift [{n}]."
    invented = "Each volunteer is paid 500 dollars for every shift [{n}]."

    shortened = _answer_with_draft(samples_kb, f"{supported} {invented}")
    assert shortened.status is Status.ANSWERED, (shortened.status, shortened.answer)
    assert "11 hours" in shortened.answer and "500" not in shortened.answer
    assert shortened.sentences_removed
    assert shortened.model_dump(mode="json")["sentences_removed"] is True

    whole = _answer_with_draft(samples_kb, supported)
    assert whole.status is Status.ANSWERED and "11 hours" in whole.answer
    assert not whole.sentences_removed


def test_a_refused_draft_is_not_called_shortened(samples_kb: Settings) -> None:
    # Nothing supported: the answer is "the documents do not say", not a shortened answer.
    refused = _answer_with_draft(samples_kb, "Each volunteer is paid 500 dollars a shift [{n}].")
    assert refused.status is Status.UNANSWERABLE_NOT_SUPPORTED
    assert not refused.sentences_removed
