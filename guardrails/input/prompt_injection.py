"""Block prompt-injection and jailbreak attempts in the question (zh and en)."""

from __future__ import annotations

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.injection import detect_injection


class PromptInjectionGuard:
    name = "prompt_injection"

    def check(self, ctx: GuardContext) -> GuardResult:
        finding = detect_injection(ctx.question)
        if finding.detected:
            return verdict(self.name, "fail", ",".join(finding.families), finding.score)
        return verdict(self.name, "pass", score=finding.score)
