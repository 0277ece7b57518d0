"""The answer must be in the question's language; zh-TW questions get Traditional Chinese."""

from __future__ import annotations

import re

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.chinese import (
    cjk_count,
    is_chinese,
    simplified_chars,
    to_traditional,
)
from guardrails.sentences import strip_citations


def _weights(text: str) -> tuple[float, float]:
    """(Chinese, English) weight: a CJK character counts half an English word."""
    return cjk_count(text) / 2, float(len(re.findall(r"[A-Za-z]{2,}", text)))


class LanguageMatchGuard:
    name = "language_match"

    def check(self, ctx: GuardContext) -> GuardResult:
        draft = strip_citations(ctx.draft or "")
        zh_q, en_q = _weights(ctx.question)
        question_zh = is_chinese(ctx.language) if not (zh_q or en_q) else zh_q >= en_q
        zh_a, en_a = _weights(draft)
        if question_zh and en_a > zh_a:
            return verdict(self.name, "fail", "answer not in Chinese", 0.0)
        if not question_zh and zh_a > en_a:
            return verdict(self.name, "fail", "answer not in English", 0.0)
        if question_zh and simplified_chars(draft):
            text = to_traditional(ctx.draft or "")
            if text != ctx.draft:
                return verdict(self.name, "pass", "converted Simplified to Traditional", 1.0, text)
        return verdict(self.name, "pass", score=1.0)
