"""A draft with nothing supported is refused, not replaced by quotes of passages that do not
answer; a draft that only repeats the prompt's example is a model failure, answered by quotes.
Real pipeline, real embedded model."""

from __future__ import annotations

import pytest

from kb.pipeline import answer
from kb.prompts import CITATION_EXAMPLE, answer_messages, without_non_claims
from kb.schema import Audience, Status
from kb.settings import Settings


def test_sentences_that_claim_nothing_are_left_out_of_the_draft() -> None:
    system = answer_messages("q", "p", "en", "Org")[0].content
    assert CITATION_EXAMPLE in system  # the example the model echoes is the one it is shown
    # Sample s09's draft began with the example; s20's ended by naming its passage.
    for alone in (
        "The centre opened in 2019 [1].",
        " the centre opened in 2019. ",
        "The passage that supports this answer is passage 2.",
        "This information is found in passage [1].",
        "See passages 1 and 3.",
        "以上資訊出自第2段。",
        "（資料來源：段落2）",
    ):
        assert without_non_claims(alone) == "", alone
    assert (
        without_non_claims("The centre opened in 2019 [1]. It serves Wanhua [2].")
        == "It serves Wanhua [2]."
    )
    assert (
        without_non_claims(
            "You may see your data [1]. The passage that supports this is passage 1."
        )
        == "You may see your data [1]."
    )
    # Claims stay, including ones that name their passage or resemble the example.
    for claim in (
        "The centre opened in 2018 [1].",
        "Passage 2 says volunteers need 11 hours of training [2].",
        "The answer is 11 hours (passage 1).",
        "根據第2段，志工須完成11小時訓練。[2]",
        "The source is passage 3, page 4.",
    ):
        assert without_non_claims(claim) == claim
    assert without_non_claims("") == ""


@pytest.mark.slow
def test_an_unanswerable_sample_question_is_refused(samples_kb: Settings) -> None:
    # The model drafted "志工每年可以請3天特休假。[3]": no passage holds it, and quoting the
    # passages instead showed two sentences about volunteers that do not answer the question.
    result = answer("志工每年可以請幾天特休假？", samples_kb, Audience.PUBLIC)

    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED, (result.status, result.answer)
    assert result.refused and not result.citations
    assert "特休" not in result.answer


@pytest.mark.slow
def test_the_prompts_example_in_a_draft_is_not_part_of_the_answer(samples_kb: Settings) -> None:
    # Sample question s09: the model once replied "The centre opened in 2019 [1]." alone (then
    # the answer is quotes of the passages); now it writes that first and then the answer. Left
    # in, the groundedness guard removed it and the answer was flagged as possibly incomplete.
    question = "How many hours of training must a new volunteer complete before the first shift?"
    result = answer(question, samples_kb, Audience.PUBLIC)

    assert not result.refused, (result.status, result.answer)
    assert "11 hours" in result.answer and "2019" not in result.answer
    assert any(c.document == "volunteer-handbook.en.pdf" for c in result.citations)
    assert not result.sentences_removed, result.guardrails
