"""Detect crisis language (self-harm, suicide, violence, abuse) in zh and en.

Patterns need a personal reference (first person, or someone close to the asker) so that policy
questions about suicide prevention or domestic-violence services do not trigger a referral.
"""

from __future__ import annotations

import re

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.normalize import canonical
from guardrails.rules import load_rules

# The patterns live in guardrails/rules/crisis.toml, one named rule each, with examples.
CRISIS_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    rule.compiled for rule in load_rules("crisis").rules
)


def detect_crisis(text: str) -> bool:
    """True when the text expresses a personal crisis (risk to self or others, abuse)."""
    views = canonical(text)
    return any(p.search(views) for p in CRISIS_PATTERNS)


class CrisisGuard:
    """Fails with detail "crisis": the pipeline then answers with the human contact instead."""

    name = "crisis"

    def check(self, ctx: GuardContext) -> GuardResult:
        if detect_crisis(ctx.question):
            return verdict(self.name, "fail", "crisis", 1.0)
        return verdict(self.name, "pass", score=0.0)
