"""A question about a year no passage mentions is not answered with another year's passages."""

from __future__ import annotations

import pytest

from kb.messages import years_not_mentioned
from kb.pipeline import answer
from kb.schema import Audience, Status
from kb.settings import Settings
from kb.years import passages_about_years, roc_years_in, years_covered, years_in
from tests.test_eval_factories import passage

# Sample question s42: the sample documents are the 2025 handbook and annual report.
OTHER_YEAR = "How many volunteers did Harbour Light have in 2019?"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("How many volunteers did Harbour Light have in 2019?", {2019}),
        ("協會2024年的總收入是多少？", {2024}),
        ("民國113年的收入是多少？", {2024}),
        ("113年度工作報告", {2024}),
        ("個案HL-2025-0419核定了多少？", {2025}),
        ("Minutes of 2025/10/26", {2025}),
        # Amounts, counts and durations are not years.
        ("可以領2000元嗎？", set()),
        ("Is NT$2000 enough?", set()),
        ("Can 2000 people attend?", set()),
        ("志工服務滿30年可以表揚嗎？", set()),
        ("The rate is 3.2019 per cent.", set()),
        ("個案紀錄會保存120年嗎？", set()),
        ("協會成立100年來服務了多少人？", set()),
        ("協會成立120年了嗎？", set()),
        ("第100年", set()),
        ("113年以來有多少人加入？", {2024}),
        ("113年內政部補助多少？", {2024}),
    ],
)
def test_years_a_text_names(text: str, years: set[int]) -> None:
    assert years_in(text) == years


def test_a_span_covers_the_years_inside_it() -> None:
    assert years_covered("Strategic plan 2023-2026") == {2023, 2024, 2025, 2026}
    assert years_covered("2023至2025年計畫") == {2023, 2024, 2025}


@pytest.mark.parametrize(
    ("question", "passage_text", "about"),
    [
        (OTHER_YEAR, "In 2025, 312 volunteers gave 18,540 hours.", False),
        ("2025年有多少志工？", "In 2025, 312 volunteers gave 18,540 hours.", True),
        ("民國114年有多少志工？", "In 2025, 312 volunteers gave 18,540 hours.", True),
        ("What was income in 2025?", "114年度收入為新臺幣2,860萬元。", True),
        ("How did income change in 2024?", "Plan for 2023-2026: income to grow 5% a year.", True),
        # Either of two years is enough for a partial answer.
        ("Compare 2019 and 2025.", "In 2025, 312 volunteers gave 18,540 hours.", True),
        # "Since 2020" is covered by a later year, "before 2030" by an earlier one.
        ("How many joined since 2020?", "In 2025, 312 volunteers joined.", True),
        ("2020年以來有多少人加入？", "In 2025, 312 volunteers joined.", True),
        ("Who will be trained before 2030?", "By 2026 it trains 2 million learners.", True),
        ("How many joined in 2030?", "By 2026 it trains 2 million learners.", False),
        ("How many joined since 2026?", "In 2025, 312 volunteers joined.", False),
        # No year asked: every passage may answer.
        ("How many volunteers are there?", "Founded in 1998.", True),
    ],
)
def test_a_passage_is_about_the_years_a_question_asks(
    question: str, passage_text: str, about: bool
) -> None:
    candidate = passage("c1", passage_text)
    assert passages_about_years(question, [candidate]) == ([candidate] if about else [])


def test_only_the_passages_about_the_asked_year_are_kept_in_order() -> None:
    passages = [
        passage("c1", "收入計算包括薪資、年金及政府津貼。"),
        passage("c2", "2024年總收入為新臺幣2,400萬元。"),
        passage("c3", "In 2025 we served 4,812 people, 14% more than in 2024."),
        passage("c4", "2023年度工作報告"),
    ]
    kept = passages_about_years("協會2024年的總收入是多少？", passages)
    assert [p.chunk.chunk_id for p in kept] == ["c2", "c3"]


def test_another_years_passages_are_not_quoted_as_the_answer(samples_kb: Settings) -> None:
    # The extractive answer (no model) quoted the 2025 handbook and annual report for 2019.
    settings = samples_kb.model_copy(update={"llm_backend": "extractive"})
    result = answer(OTHER_YEAR, settings, audience=Audience.PUBLIC)
    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED, result.answer
    assert result.citations == []
    # The user is told which part of the question the documents do not cover.
    assert result.answer == years_not_mentioned([2019], "en")
    # The same question for a year the documents cover is answered from them.
    covered = answer(OTHER_YEAR.replace("2019", "2025"), settings, audience=Audience.PUBLIC)
    assert covered.status is Status.ANSWERED_EXTRACTIVE, covered.answer
    assert covered.citations


def test_a_year_question_is_not_answered_from_a_passage_naming_no_year(
    samples_kb: Settings,
) -> None:
    # Sample question s46: the closest sentence was in the eligibility rules, which name no
    # year ("收入計算包括薪資…"); the model, asked, invented a total for 2024.
    settings = samples_kb.model_copy(update={"llm_backend": "extractive"})
    result = answer("協會2024年的總收入是多少？", settings, audience=Audience.PUBLIC)
    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED, result.answer
    assert result.citations == []
    # The year the annual report covers is still answered from it.
    covered = answer("What was the total income in 2025?", settings, audience=Audience.PUBLIC)
    assert covered.status is Status.ANSWERED_EXTRACTIVE, covered.answer
    assert {c.document for c in covered.citations} == {"annual-report-2025.md"}


def test_the_refusal_names_the_missing_years_in_the_users_language() -> None:
    assert years_not_mentioned([2019], "en") == (
        "The documents do not mention 2019, so I cannot answer this reliably."
    )
    assert "2019年、2020年" in years_not_mentioned([2019, 2020], "zh-TW")
    assert "2019 or 2020" in years_not_mentioned([2019, 2020], "en")


def test_a_year_asked_as_a_roc_year_is_named_as_asked() -> None:
    # Asked about 民國108年, a reply about "2019年" reads as another year to many users.
    question = "民國108年和2020年各有多少志工？"
    written_as_roc = roc_years_in(question)
    assert written_as_roc == {2019}
    assert "民國108年（2019年）、2020年" in years_not_mentioned(
        sorted(years_in(question)), "zh-TW", written_as_roc
    )
    assert "2019 (ROC year 108)" in years_not_mentioned([2019], "en", written_as_roc)
    assert roc_years_in("協會成立120年了嗎？2019年呢？") == set()


def test_the_pipeline_names_a_roc_year_as_the_question_wrote_it(samples_kb: Settings) -> None:
    settings = samples_kb.model_copy(update={"llm_backend": "extractive"})
    result = answer("民國108年港灣之光有多少志工？", settings, audience=Audience.PUBLIC)
    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED, result.answer
    assert "民國108年（2019年）" in result.answer
