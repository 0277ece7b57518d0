"""The answer must be in the question's language; zh-TW questions get Traditional Chinese."""

from __future__ import annotations

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.chinese import simplified_chars, to_traditional
from guardrails.sentences import strip_citations
from kb.language import ASCII_WORD, is_chinese, script_weights


def _weights(text: str) -> tuple[float, float]:
    """(Chinese, English) weight: a Han character counts half an English word."""
    return script_weights(text, han_weight=0.5, latin_word=ASCII_WORD)


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
