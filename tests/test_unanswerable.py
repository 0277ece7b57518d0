"""A draft with nothing supported is refused, not replaced by quotes of passages that do not
answer; a draft that only repeats the prompt's example is a model failure, answered by quotes.
Real pipeline, real embedded model."""

from __future__ import annotations

import pytest

from kb.pipeline import answer
from kb.prompts import CITATION_EXAMPLE, answer_messages, repeats_citation_example
from kb.schema import Audience, Status
from kb.settings import Settings


def test_the_prompts_citation_example_alone_is_no_answer() -> None:
    system = answer_messages("q", "p", "en", "Org")[0].content
    assert CITATION_EXAMPLE in system  # the example the model echoes is the one it is shown
    assert repeats_citation_example("The centre opened in 2019 [1].")
    assert repeats_citation_example(" the centre opened in 2019. ")
    assert not repeats_citation_example("The centre opened in 2018 [1].")
    assert not repeats_citation_example("The centre opened in 2019 [1]. It serves Wanhua [2].")
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
def test_a_draft_repeating_the_prompts_example_falls_back_to_quotes(samples_kb: Settings) -> None:
    # Sample question s09: the model replied "The centre opened in 2019 [1]." although the
    # first passage says "All volunteers complete 11 hours of training before their first shift".
    question = "How many hours of training must a new volunteer complete before the first shift?"
    result = answer(question, samples_kb, Audience.PUBLIC)

    assert not result.refused, (result.status, result.answer)
    assert "11 hours" in result.answer and "2019" not in result.answer
    assert any(c.document == "volunteer-handbook.en.pdf" for c in result.citations)
