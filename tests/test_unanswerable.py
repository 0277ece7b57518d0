"""A draft with nothing supported is refused, not replaced by quotes of passages that do not
answer; a draft that only repeats the prompt's example is a model failure, answered by quotes.
Real pipeline, real embedded model."""

from __future__ import annotations

import re

import pytest

from guardrails.sentences import strip_citations
from kb.pipeline import answer
from kb.prompts import CITATION_EXAMPLE, answer_messages, repeats_citation_example
from kb.schema import Audience, Status
from kb.settings import Settings


def test_the_prompts_citation_example_states_no_fact() -> None:
    system = answer_messages("q", "p", "en", "Org")[0].content
    assert CITATION_EXAMPLE in system
    # The model copied an example sentence ("The centre opened in 2019 [2].") into answers: the
    # example is a bare marker, with no words or numbers a draft could take over.
    assert not re.search(r"\w", strip_citations(CITATION_EXAMPLE))
    assert "Do not talk about the passages" in system


def test_a_draft_of_citation_markers_alone_is_no_answer() -> None:
    assert repeats_citation_example("[1]")
    assert repeats_citation_example(" [2]. ")
    assert not repeats_citation_example("11 hours [1].")
    assert not repeats_citation_example("")


@pytest.mark.slow
def test_an_unanswerable_sample_question_is_refused(samples_kb: Settings) -> None:
    # The model drafted "志工每年可以請3天特休假。[3]": no passage holds it, and quoting the
    # passages instead showed two sentences about volunteers that do not answer the question.
    result = answer("志工每年可以請幾天特休假？", samples_kb, Audience.PUBLIC)

    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED, (result.status, result.answer)
    assert result.refused and not result.citations
    assert "特休" not in result.answer


@pytest.mark.slow
def test_the_prompts_example_is_not_in_the_answer(samples_kb: Settings) -> None:
    # Sample question s09: with prompt answer-v4 the model replied "The centre opened in 2019
    # [1]." (its example) although the first passage says "All volunteers complete 11 hours of
    # training before their first shift".
    question = "How many hours of training must a new volunteer complete before the first shift?"
    result = answer(question, samples_kb, Audience.PUBLIC)

    assert not result.refused, (result.status, result.answer)
    assert "11 hours" in result.answer and "2019" not in result.answer
    grounded = next(v for v in result.guardrails if v.name == "groundedness")
    assert grounded.score == 1.0, grounded.detail  # nothing had to be removed from the draft
    assert any(c.document == "volunteer-handbook.en.pdf" for c in result.citations)
