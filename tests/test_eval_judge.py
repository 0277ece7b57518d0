"""The local-model judge's prompt and reply parsing (the model itself is not run here)."""

from __future__ import annotations

from eval.judge import judge_messages, parse_verdicts
from tests.test_eval_factories import passage


def test_parse_verdicts_reads_numbered_lines_and_ignores_the_rest() -> None:
    reply = "1: YES\n2. no\n2: YES\n7: YES\nnoise\n 3) Yes, it says so"
    assert parse_verdicts(reply, count=3) == {1: True, 2: False, 3: True}
    assert parse_verdicts("I cannot tell.", count=2) == {}


def test_judge_messages_number_the_sentences_and_carry_the_passages() -> None:
    messages = judge_messages(
        ["NTEN 成立於 2000 年。", "總部在波特蘭。"], [passage("c1", "NTEN 成立於 2000 年")]
    )
    user = messages[-1].content or ""
    assert "1. NTEN 成立於 2000 年。" in user and "2. 總部在波特蘭。" in user
    assert "NTEN 成立於 2000 年" in user.split("Statements:")[0]
