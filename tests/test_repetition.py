"""Degenerate repetition in a draft is found, and the draft is cut before it."""

from __future__ import annotations

import pytest

from kb.repetition import cut_at_repeat, repeat_start

LOOP = "10% of the total cost of the apprenticeship = "
ITEM = "未遵守法律規定的行為；"
TWO_LIMITS = "Appeals are reviewed within 14 days [1]. Reinstatements take 30 days [2]."


@pytest.mark.parametrize(
    ("draft", "shown"),
    [
        (
            "The fee is set by law [1]. The employer pays " + LOOP * 4,
            "The fee is set by law [1].",
        ),
        (
            f"違法行為包括：\n1. {ITEM}\n2. {ITEM}\n3. {ITEM}",
            f"違法行為包括：\n1. {ITEM}",
        ),
        ("It is free [1]. It is free [2].", "It is free [1]."),
        # A long name said again, or two sentences alike but for a number, is no loop.
        (
            "信望愛智能發展中心縮短了3.5小時 [1]。信望愛智能發展中心因此更有效率 [2]。",
            "信望愛智能發展中心縮短了3.5小時 [1]。信望愛智能發展中心因此更有效率 [2]。",
        ),
        (TWO_LIMITS, TWO_LIMITS),
        ("", ""),
    ],
)
def test_cut_at_repeat(draft: str, shown: str) -> None:
    assert cut_at_repeat(draft) == shown
    assert (repeat_start(draft) is None) == (draft == shown)


def test_a_loop_inside_one_sentence_is_found_where_it_repeats() -> None:
    draft = "The employer pays " + LOOP * 3
    start = repeat_start(draft)
    # the second time round the loop, not the first
    assert start == draft.index(LOOP) + len(LOOP)
    assert cut_at_repeat(draft) == ("The employer pays " + LOOP).rstrip()
