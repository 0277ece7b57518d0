"""Remove draft sentences that the passages they cite do not support."""

from __future__ import annotations

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.grounding import Similarity, assess_answer, remove_spans


class GroundednessGuard:
    """Score = share of supported sentences; fails when no supported sentence is left."""

    name = "groundedness"

    def __init__(self, similarity: Similarity | None = None) -> None:
        self.similarity = similarity

    def check(self, ctx: GuardContext) -> GuardResult:
        draft = ctx.draft or ""
        assessed = assess_answer(draft, ctx.passages, ctx.question, self.similarity)
        if not assessed:
            return verdict(self.name, "fail", "empty draft", 0.0)
        unsupported = [a for a in assessed if not a.supported]
        score = round(1 - len(unsupported) / len(assessed), 3)
        if len(unsupported) == len(assessed):
            reasons = sorted({a.reason for a in unsupported})
            return verdict(self.name, "fail", "no supported sentence: " + "; ".join(reasons), 0.0)
        if not unsupported:
            return verdict(self.name, "pass", f"{len(assessed)} sentences supported", score)
        text = remove_spans(draft, [(a.start, a.end) for a in unsupported])
        detail = f"removed {len(unsupported)} of {len(assessed)} sentences"
        return verdict(self.name, "pass", detail, score, text)
