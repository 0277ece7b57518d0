from __future__ import annotations

import pytest

from kb.measures import kinds_asked, speaks_of
from kb.pipeline import answer
from kb.schema import Audience, Status
from kb.settings import Settings

TIME, MONEY, WEIGHT = frozenset({"time"}), frozenset({"money"}), frozenset({"weight"})


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("志工一個人最多可以搬多重的東西？", WEIGHT),
        ("這箱物資有多重？", WEIGHT),
        ("How heavy are the food parcels?", WEIGHT),
        ("How much does a food parcel weigh?", WEIGHT),
        # 多重 is also "multiple": a question about people with multiple disabilities or roles.
        ("有多重障礙的人可以申請嗎？", frozenset()),
        ("多重身分的人要填哪一張表？", frozenset()),
        ("租金補助多久會撥款？", TIME),
        ("食物銀行的物資領取紀錄保存幾年？", TIME),
        ("要在幾天內申請？", TIME),
        ("How many hours of training must a new volunteer complete?", TIME),
        ("How long are CCTV recordings kept?", TIME),
        # A school grade is not a length of time.
        ("小孩讀幾年級可以參加課輔班？", frozenset()),
        ("緊急租金補助每次最多補助多少錢？", MONEY),
        ("How much does it cost to get a copy of my personal data?", MONEY),
        ("What is the fee for a copy?", MONEY),
        ("How much does a copy cost, and how long does it take?", MONEY | TIME),
        # Counts of people or things are not a kind of quantity read here.
        ("How many volunteers did Harbour Light have?", frozenset()),
        ("同一家戶一年內可以申請幾次？", frozenset()),
        ("Who can apply for emergency food aid?", frozenset()),
    ],
)
def test_the_kind_of_quantity_a_question_asks_for(question: str, kinds: frozenset[str]) -> None:
    assert kinds_asked(question) == kinds


@pytest.mark.parametrize(
    ("kinds", "sentence", "speaks"),
    [
        # Read by words, not numbers: these answer without a digit.
        (TIME, "Copies are kept for a month.", True),
        (TIME, "個案紀錄永久保存。", True),
        (MONEY, "Access and deletion requests are free of charge.", True),
        (WEIGHT, "- Never lift more than 15 kg on your own.", True),
        (WEIGHT, "每箱不得超過10公斤。", True),
        # A lift in a car, and 重 in 重新 ("again"), are not weights.
        (WEIGHT, "Do not give lifts in your own car or scooter.", False),
        (WEIGHT, "同一家戶連續領取以6個月為限，期滿後由社工重新評估。", False),
        (MONEY, "物資包於每週二、四下午及週六上午在萬華服務中心發放。", False),
        (TIME, "Volunteers do not have access to case notes.", False),
        # Any one of the kinds asked is enough.
        (MONEY | TIME, "Copies cost NT$5 per page.", True),
        # Nothing asked: every sentence may answer.
        (frozenset(), "Volunteers do not have access to case notes.", True),
    ],
)
def test_whether_a_sentence_speaks_of_the_kind_asked(
    kinds: frozenset[str], sentence: str, speaks: bool
) -> None:
    assert speaks_of(kinds, sentence) is speaks


@pytest.mark.parametrize("question", ["How heavy are the food parcels?", "物資包有多重？"])
def test_a_weight_is_not_answered_from_passages_that_give_none(
    samples_kb: Settings, question: str
) -> None:
    # The food parcel passages give what a parcel holds and how often it is handed out, not its
    # weight; the extractive answer quoted them (and "Food parcels distributed | 10,870") as if
    # they answered.
    settings = samples_kb.model_copy(update={"llm_backend": "extractive"})
    result = answer(question, settings, audience=Audience.PUBLIC)
    assert result.status is Status.UNANSWERABLE_NOT_SUPPORTED, result.answer
    assert result.citations == []


def test_a_sentence_about_the_kind_asked_leads_and_the_closest_other_follows(
    samples_kb: Settings,
) -> None:
    settings = samples_kb.model_copy(update={"llm_backend": "extractive"})
    # Sample question s11. Quoting only sentences that name a length of time, the second quote
    # was the notice for taking a break ("at least 2 weeks in advance"), not the sentence on who
    # reports a concern, which names none.
    result = answer(
        "How quickly must a volunteer report a safeguarding concern to the Safeguarding Lead?",
        settings,
        audience=Audience.PUBLIC,
    )
    assert result.status is Status.ANSWERED_EXTRACTIVE, result.answer
    assert "within 24 hours" in result.answer
    assert "A volunteer who has a safeguarding concern" in result.answer
    assert "2 weeks" not in result.answer
    price = answer(
        "How much does a copy of my personal data cost?", settings, audience=Audience.PUBLIC
    )
    assert price.status is Status.ANSWERED_EXTRACTIVE, price.answer
    assert "NT$5" in price.answer
