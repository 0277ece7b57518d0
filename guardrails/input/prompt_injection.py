"""Block prompt-injection and jailbreak attempts in the question (zh and en)."""

from __future__ import annotations

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.injection import detect_injection
from guardrails.injection_semantic import SemanticInjectionDetector


class PromptInjectionGuard:
    """Patterns and cue combinations, plus embedding nearness to known attacks when given."""

    name = "prompt_injection"

    def __init__(self, semantic: SemanticInjectionDetector | None = None) -> None:
        self.semantic = semantic

    def check(self, ctx: GuardContext) -> GuardResult:
        finding = detect_injection(ctx.question, self.semantic)
        if finding.detected:
            return verdict(self.name, "fail", ",".join(finding.families), finding.score)
        return verdict(self.name, "pass", score=finding.score)
