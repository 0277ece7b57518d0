"""A draft that only says the passages do not give the answer is a refusal, not an answer."""

from __future__ import annotations

import pytest

from kb.prompts import says_only_that_documents_are_silent


@pytest.mark.parametrize(
    ("draft", "silent"),
    [
        ("The hourly wage is not explicitly stated in the given passage. [1]", True),
        ("There is no information about the fee in the passages.", True),
        ("文件中沒有提到時薪。", True),
        ("報告並未說明罰款金額 [1]。", True),
        ("根據提供的資料，無法得知登記費用。", True),
        # claims, and a claim beside a silence
        ("Meals are not provided [1].", False),
        ("GitHub does not allow gifts over 100 dollars [1].", False),
        ("申請人不需要提供收入證明 [1]。", False),
        ("The fine is 500 dollars [1]. The document does not mention other penalties.", False),
        ("", False),
    ],
)
def test_silence_is_told_from_claims(draft: str, silent: bool) -> None:
    assert says_only_that_documents_are_silent(draft) is silent
