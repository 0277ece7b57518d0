"""Every [n] in the draft must point at a retrieved passage the asker's audience may see."""

from __future__ import annotations

from guardrails.base import GuardContext, GuardResult, verdict
from guardrails.sentences import citations


class CitationGuard:
    name = "citation_validity"

    def check(self, ctx: GuardContext) -> GuardResult:
        cited = citations(ctx.draft or "")
        if not cited:
            return verdict(self.name, "fail", "no citations", 0.0)
        visible = ctx.audience.visible()
        out_of_range = sorted({n for n in cited if not 1 <= n <= len(ctx.passages)})
        hidden = sorted({
            n for n in cited
            if 1 <= n <= len(ctx.passages) and ctx.passages[n - 1].chunk.audience not in visible
        })
        valid = sum(1 for n in cited if n not in out_of_range and n not in hidden)
        score = round(valid / len(cited), 3)
        problems = []
        if out_of_range:
            problems.append(f"out of range: {out_of_range}")
        if hidden:
            problems.append(f"not visible to {ctx.audience.value}: {hidden}")
        if problems:
            return verdict(self.name, "fail", "; ".join(problems), score)
        return verdict(self.name, "pass", f"{len(set(cited))} passages cited", score)
