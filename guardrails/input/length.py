"""Reject questions longer than the configured limit (long inputs hide instructions, cost time)."""

from __future__ import annotations

from guardrails.base import GuardContext, GuardResult, verdict


class LengthGuard:
    name = "length"

    def __init__(self, max_chars: int) -> None:
        if max_chars <= 0:
            raise ValueError("max_chars must be positive")
        self.max_chars = max_chars

    def check(self, ctx: GuardContext) -> GuardResult:
        length = len(ctx.question.strip())
        score = length / self.max_chars
        if length == 0:
            return verdict(self.name, "fail", "empty question", 0.0)
        if length > self.max_chars:
            return verdict(self.name, "fail", f"{length} > {self.max_chars} characters", score)
        return verdict(self.name, "pass", score=score)
