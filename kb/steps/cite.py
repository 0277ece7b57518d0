"""The citations numbered 1..m as the answer cites them; the note on group terms set aside."""

from __future__ import annotations

from collections.abc import Iterator

from kb.compose import renumber_citations
from kb.messages import groups_set_aside_note
from kb.schema import Status
from kb.steps.context import AnswerContext


def cite(ctx: AnswerContext) -> Iterator[str]:
    ctx.text, ctx.citations = renumber_citations(ctx.text, ctx.passages)
    if ctx.status is None:
        ctx.finish(Status.ANSWERED)
    if ctx.groups_set_aside and ctx.status in (Status.ANSWERED, Status.ANSWERED_EXTRACTIVE):
        ctx.text = f"{groups_set_aside_note(ctx.groups_set_aside, ctx.language)}\n\n{ctx.text}"
    yield from ()
