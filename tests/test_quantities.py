"""Numbers compared as values across scripts: Chinese numerals, magnitudes, percentages."""

from __future__ import annotations

import pytest

from guardrails.grounding import assess_sentence
from guardrails.quantities import normalise, quantities, with_digits
from tests.test_eval_factories import passage


def values(text: str) -> set[str]:
    return quantities(with_digits(normalise(text)))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("二十萬人", "200,000 people"),
        ("430萬", "4.3 million"),
        ("1萬8,790人", "18,790 people"),
        ("約1萬8千人", "about 18,000 people"),
        ("三個半小時", "3.5 hours"),
        ("百分之五十", "50%"),
        ("百分之三點五", "3.5%"),
        ("兩千五百份問卷", "2,500 questionnaires"),
        ("兩年", "two years"),
        ("4.3億元", "430,000,000 dollars"),
    ],
)
def test_the_same_value_however_written(a: str, b: str) -> None:
    assert values(a) and values(a) == values(b)


@pytest.mark.parametrize(
    "text", ["統一發票", "千萬不要遲到", "一起參加", "三成的人", "三方協商", "一小時等於一個積分"]
)
def test_words_made_of_numerals_are_not_numbers(text: str) -> None:
    assert values(text) == set()


def test_a_number_in_digits_is_supported_by_the_passage_in_chinese_numerals() -> None:
    source = [passage("c1", "政府補助每位學員二十萬元，計畫為期三個半月。")]
    assert assess_sentence("每位學員可獲得 200,000 元補助 [1]。", source)[0]
    assert not assess_sentence("每位學員可獲得 300,000 元補助 [1]。", source)[0]


@pytest.mark.parametrize(
    ("text", "strict", "lenient"),
    [
        ("三方協商", set(), {"3"}),
        ("三大面向", set(), {"3"}),
        ("三個面向", {"3"}, {"3"}),
        ("一起參與", set(), set()),  # a lone 一 is part of a word
        ("共二十萬人", {"200000"}, {"200000"}),
    ],
)
def test_a_passage_numeral_before_any_han_counts_only_when_asked(
    text: str, strict: set[str], lenient: set[str]
) -> None:
    assert quantities(with_digits(normalise(text))) == strict
    assert quantities(with_digits(normalise(text), counts_before_any_han=True)) == lenient
