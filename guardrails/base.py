"""The guard interface: each guard returns a typed verdict; a guard that breaks fails closed."""

from __future__ import annotations

import concurrent.futures
import logging
from typing import Protocol

from pydantic import BaseModel, Field

from kb.schema import Audience, GuardVerdict, Passage, VerdictStatus

log = logging.getLogger(__name__)


class GuardContext(BaseModel):
    """What a guard may look at. Input guards see `question`; output guards also `draft`."""

    question: str
    language: str = "en"
    audience: Audience = Audience.PUBLIC
    passages: list[Passage] = Field(default_factory=list)
    draft: str | None = None
    # Numbers (1-based, in `passages`) of the passages holding the sentences the evidence gate
    # found closest to the question; empty when no gate ran.
    evidence_passages: list[int] = Field(default_factory=list)


class GuardResult(BaseModel):
    """A verdict, plus the rewritten text when the guard changes the question or the answer."""

    verdict: GuardVerdict
    text: str | None = None


class Guard(Protocol):
    name: str

    def check(self, ctx: GuardContext) -> GuardResult: ...


_pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="guard")


def run_guard(guard: Guard, ctx: GuardContext, timeout_s: float = 10.0) -> GuardResult:
    """Run one guard; an exception or a time-out becomes an `error` verdict, never a pass."""
    future = _pool.submit(guard.check, ctx)
    try:
        return future.result(timeout=timeout_s)
    except concurrent.futures.TimeoutError:
        future.cancel()
        detail = f"timed out after {timeout_s:.0f}s"
    except Exception as exc:  # noqa: BLE001 - any failure must fail closed
        detail = f"{type(exc).__name__}"
        log.warning("guard %s failed: %s", guard.name, type(exc).__name__)
    return GuardResult(verdict=GuardVerdict(name=guard.name, status="error", detail=detail))


def verdict(
    name: str,
    status: VerdictStatus,
    detail: str = "",
    score: float | None = None,
    text: str | None = None,
) -> GuardResult:
    """Shorthand for a guard's result: one verdict, optionally with rewritten text."""
    return GuardResult(
        verdict=GuardVerdict(name=name, status=status, detail=detail, score=score), text=text
    )
