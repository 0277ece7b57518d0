"""Scrub personal data from the draft answer with the same scrubber used at ingest."""

from __future__ import annotations

from typing import Protocol

from guardrails.base import GuardContext, GuardResult, verdict


class _ScrubResult(Protocol):
    text: str
    counts: dict[str, int]


class Scrubber(Protocol):
    def scrub(self, text: str) -> _ScrubResult: ...


class PersonalDataGuard:
    """Passes with the scrubbed answer; the detail names entity types and counts, never values."""

    name = "personal_data"

    def __init__(self, scrubber: Scrubber | None) -> None:
        self.scrubber = scrubber

    def check(self, ctx: GuardContext) -> GuardResult:
        if self.scrubber is None:  # no scrubber means unchecked output: fail closed via error
            raise RuntimeError("no scrubber configured")
        result = self.scrubber.scrub(ctx.draft or "")
        found = {kind: n for kind, n in result.counts.items() if n}
        if not found:
            return verdict(self.name, "pass", score=0.0)
        detail = "removed " + ", ".join(f"{k}={v}" for k, v in sorted(found.items()))
        return verdict(self.name, "pass", detail, float(sum(found.values())), result.text)
