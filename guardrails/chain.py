"""Run an ordered list of guards over one context, passing rewritten text along."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from guardrails.base import Guard, GuardContext, run_guard
from kb.schema import GuardVerdict


class GuardRun(BaseModel):
    """Every verdict recorded, the context with rewritten text, and the verdict that stopped it."""

    context: GuardContext
    target: Literal["question", "draft"]
    verdicts: list[GuardVerdict]
    blocked_by: GuardVerdict | None = None

    @property
    def text(self) -> str:
        """The question or draft after every rewrite."""
        return getattr(self.context, self.target) or ""


def apply_guards(
    guards: list[Guard],
    ctx: GuardContext,
    target: Literal["question", "draft"],
    timeout_s: float = 10.0,
) -> GuardRun:
    """Run `guards` in order on `ctx.<target>`; stop at the first `fail` or `error`.

    A guard's rewritten text replaces the target for the guards after it.
    """
    verdicts: list[GuardVerdict] = []
    for guard in guards:
        result = run_guard(guard, ctx, timeout_s)
        verdicts.append(result.verdict)
        if result.verdict.status in ("fail", "error"):
            return GuardRun(
                context=ctx, target=target, verdicts=verdicts, blocked_by=result.verdict
            )
        if result.text is not None:
            ctx = ctx.model_copy(update={target: result.text})
    return GuardRun(context=ctx, target=target, verdicts=verdicts)
