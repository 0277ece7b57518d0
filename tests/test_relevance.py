"""An answer about something else than the question is refused, naming passages to read."""

from __future__ import annotations

import pytest

from guardrails import AnswersQuestionGuard, EmbeddingSimilarity, StatesItsGroundsGuard
from guardrails.base import GuardContext
from guardrails.output import relevance
from kb.schema import Status
from kb.settings import Settings
from kb.steps import evidence
from tests.test_partial_answers import _answer_with_draft

QUESTION = "What must be included in a request to remove private information from GitHub?"
ON_TOPIC = (
    "A request to remove private information must name the repository and the files, and say "
    "which data is private [1]."
)
OFF_TOPIC = (
    "Our hiring team reviews every application within two weeks, and successful candidates are "
    "invited to an interview with the recruitment manager [1]."
)


def _check(settings: Settings, draft: str, question: str = QUESTION) -> str:
    guard = AnswersQuestionGuard(EmbeddingSimilarity(settings), settings.check_embedding_model)
    return guard.check(GuardContext(question=question, draft=draft)).verdict.status


def test_an_answer_about_the_question_passes_and_one_about_another_topic_fails(
    settings: Settings,
) -> None:
    assert _check(settings, ON_TOPIC) == "pass"
    assert _check(settings, OFF_TOPIC) == "fail"
    # in Chinese too, and a short answer in other words
    asked = "申請移除私人資訊要寫什麼？"
    assert _check(settings, "申請移除私人資訊時，必須指出儲存庫與檔案 [1]。", asked) == "pass"
    photos = "can i take pics of other ppl at a github event w/o asking them?"
    consent = "No: get their consent before photographing anyone [1]."
    assert _check(settings, consent, photos) == "pass"


def test_an_answer_sharing_no_words_must_cite_a_passage_holding_the_evidence(
    settings: Settings,
) -> None:
    guard = AnswersQuestionGuard(EmbeddingSimilarity(settings), settings.check_embedding_model)
    question = "What do I have to put in my expense report for a gift?"
    privacy = "Send an access or deletion request by email to the privacy team [2]."

    def status(draft: str, evidence: list[int], model: AnswersQuestionGuard = guard) -> str:
        gctx = GuardContext(question=question, draft=draft, evidence_passages=evidence)
        return model.check(gctx).verdict.status

    assert status(privacy, [1]) == "fail"
    assert status(privacy, [1, 2]) == "pass"  # it cites where the evidence is
    assert status(privacy, []) == "pass"  # no gate ran: judged by meaning alone
    # an answer in the question's words is judged as before, whichever passage it cites
    assert status("Put the gift's recipient in the expense report [2].", [1]) == "pass"
    # the rule needs no embedder
    assert status(privacy, [1], AnswersQuestionGuard(None)) == "fail"


def test_the_pipeline_refuses_an_off_topic_answer_and_names_passages(
    samples_kb: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both bars raised above any score: every answer counts as off the question.
    monkeypatch.setitem(relevance.THRESHOLDS, samples_kb.check_embedding_model, 1.01)
    monkeypatch.setattr(relevance, "MAX_SHARED_CONTENT", 1.01)
    monkeypatch.setattr(evidence, "MIN_KEY_TERM_COVERAGE", 1.01)  # and so are the quotes
    supported = "New volunteers complete 11 hours of training before their first shift [{n}]."
    result = _answer_with_draft(samples_kb, supported)
    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED and result.refused
    assert "11 hours" not in result.answer
    assert "These passages may be related:" in result.answer
    assert 1 <= len(result.citations) <= 2
    verdict = next(v for v in result.guardrails if v.name == "answers_question")
    assert verdict.status == "fail" and verdict.score is not None


def test_an_off_topic_answer_gives_way_to_quotes_that_answer(
    samples_kb: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(relevance.THRESHOLDS, samples_kb.check_embedding_model, 1.01)
    monkeypatch.setattr(relevance, "MAX_SHARED_CONTENT", 1.01)
    result = _answer_with_draft(samples_kb, "Volunteers may bring a friend to a shift [{n}].")
    assert result.status is Status.ANSWERED_EXTRACTIVE, (result.status, result.answer)
    assert "11 hours" in result.answer and "bring a friend" not in result.answer
    verdict = next(v for v in result.guardrails if v.name == "answers_question")
    assert verdict.status == "fail"


@pytest.mark.parametrize(
    ("draft", "status"),
    [
        ("可以。 [1]", "fail"),
        ("可以申請。[1]", "fail"),
        ("Yes, you can [1].", "fail"),
        ("Có [1].", "fail"),
        ("是。[1]", "fail"),
        ("可以，只要年滿18歲並完成培訓 [1]。", "pass"),
        ("是的，每月 500 美元 [1]。", "pass"),
        ("No, photos need the person's consent first [1].", "pass"),
        ("是政府 [1]", "pass"),
        ("有，共有三個獎項 [1]。", "pass"),
        ("Amsterdam [1].", "pass"),
        ("Notably, the fee is waived [1].", "pass"),
    ],
)
def test_a_bare_yes_or_no_is_not_an_answer(draft: str, status: str) -> None:
    result = StatesItsGroundsGuard().check(GuardContext(question="q", draft=draft))
    assert result.verdict.status == status


def test_the_pipeline_answers_a_bare_yes_with_the_passages_words(samples_kb: Settings) -> None:
    result = _answer_with_draft(samples_kb, "Yes [{n}].")
    assert result.status is Status.ANSWERED_EXTRACTIVE, (result.status, result.answer)
    assert "「" in result.answer and result.citations
    verdict = next(v for v in result.guardrails if v.name == "states_its_grounds")
    assert verdict.status == "fail"
