"""Remove zero-width, bidi-control, tag and variation-selector characters from the question."""

from __future__ import annotations

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.injection import detect_injection
from guardrails.normalize import decode_tag_characters, strip_invisible


class InvisibleCharactersGuard:
    """Passes with the cleaned question; fails when most of it was hidden or the hidden part
    (Unicode tag characters smuggle ASCII) is an instruction."""

    name = "invisible_characters"

    def check(self, ctx: GuardContext) -> GuardResult:
        cleaned, removed = strip_invisible(ctx.question)
        if not removed:
            return verdict(self.name, "pass", score=0.0)
        share = removed / len(ctx.question)
        hidden = decode_tag_characters(ctx.question)
        if hidden and detect_injection(hidden).detected:
            return verdict(self.name, "fail", "hidden instructions in tag characters", share)
        visible = sum(1 for c in cleaned if not c.isspace())
        if removed > visible:
            detail = f"mostly hidden: {removed} invisible characters"
            return verdict(self.name, "fail", detail, share)
        return verdict(self.name, "pass", f"removed {removed} invisible characters", share, cleaned)
