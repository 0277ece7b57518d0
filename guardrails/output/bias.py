"""Block answers that stereotype protected groups or introduce demographic assumptions."""

from __future__ import annotations

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.bias import detect_bias


class BiasGuard:
    name = "bias"

    def check(self, ctx: GuardContext) -> GuardResult:
        context = "\n".join(p.chunk.text for p in ctx.passages)
        finding = detect_bias(ctx.draft or "", ctx.question, context)
        if not finding.detected:
            return verdict(self.name, "pass", score=0.0)
        parts = []
        if finding.stereotypes:
            parts.append("stereotype: " + ",".join(finding.stereotypes))
        if finding.assumptions:
            parts.append("demographic assumption: " + ",".join(finding.assumptions))
        return verdict(self.name, "fail", "; ".join(parts), 1.0)
