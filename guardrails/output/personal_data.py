"""Scrub personal data from the draft answer with the same scrubber used at ingest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from guardrails.base import GuardContext, GuardResult, verdict
from kb.schema import Audience


class _ScrubResult(Protocol):
    text: str
    counts: dict[str, int]


class Scrubber(Protocol):
    def scrub_answer(self, text: str, public_passages: Sequence[str] = ()) -> _ScrubResult: ...


class PersonalDataGuard:
    """Passes with the scrubbed answer; the detail names entity types and counts, never values.

    With `keep_public_names`, a name also written in a retrieved passage of a public document
    stays: ingest kept it there as a person in a public role, and the source card shows it."""

    name = "personal_data"

    def __init__(self, scrubber: Scrubber | None, keep_public_names: bool = True) -> None:
        self.scrubber = scrubber
        self.keep_public_names = keep_public_names

    def check(self, ctx: GuardContext) -> GuardResult:
        if self.scrubber is None:  # no scrubber means unchecked output: fail closed via error
            raise RuntimeError("no scrubber configured")
        public = [
            p.chunk.text
            for p in ctx.passages
            if self.keep_public_names and p.chunk.audience is Audience.PUBLIC
        ]
        result = self.scrubber.scrub_answer(ctx.draft or "", public)
        found = {kind: n for kind, n in result.counts.items() if n}
        if not found:
            return verdict(self.name, "pass", score=0.0)
        detail = "removed " + ", ".join(f"{k}={v}" for k, v in sorted(found.items()))
        return verdict(self.name, "pass", detail, float(sum(found.values())), result.text)
