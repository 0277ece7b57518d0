"""Questions the documents do not answer are refused, not answered with invented facts or with
quotes of passages that do not answer them. Real pipeline, real embedded model."""

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
@pytest.mark.parametrize(
    ("question", "invented"),
    [
        # The model drafted "志工每年可以請3天特休假。[3]": no passage holds it, and quoting the
        # passages instead showed two sentences that do not answer the question.
        ("志工每年可以請幾天特休假？", "特休"),
        # The model replied with the prompt's own citation example.
        ("Where can volunteers park their cars at the Wanhua Service Centre?", "2019"),
    ],
)
def test_an_unanswerable_sample_question_is_refused(
    samples_kb: Settings, question: str, invented: str
) -> None:
    result = answer(question, samples_kb, Audience.PUBLIC)

    assert result.backend in ("embedded", "extractive"), result.backend_note
    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED, (result.status, result.answer)
    assert result.refused and not result.citations
    assert invented not in result.answer
