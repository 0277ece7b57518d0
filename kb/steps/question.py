"""The question, before anything searches for it: the audit log can take its record, personal
data is removed (names removed from documents too), and the input guards let it through."""

from __future__ import annotations

import re
from collections.abc import Iterator

from guardrails import crisis_message, input_guards
from guardrails.base import GuardContext, run_guard
from ingest.pii import PlaceholderMap, Scrubber, load_scrubber
from kb.audit import AuditLog
from kb.catalog import known_value_hashes
from kb.language import HAN, reply_language
from kb.messages import status_message
from kb.schema import GuardVerdict, Status
from kb.steps.context import AnswerContext

WITHHELD = "[question withheld: it could not be checked for personal data]"
TOO_LONG = "[question withheld: longer than the allowed length, not read]"


def check_audit_log(ctx: AnswerContext) -> Iterator[str]:
    # Before anything is generated or streamed: no answer may leave without its audit record.
    AuditLog(ctx.settings).check_writable()
    yield from ()


def _answer_language(question: str) -> str:
    # A question too short to tell is answered in English, like one the detector cannot place.
    return reply_language(question) or "en"


_CJK_RUN = re.compile(f"[{HAN}]{{2,}}")
_LATIN_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}\b")


def _names_removed_from_documents(ctx: AnswerContext, scrubber: Scrubber) -> set[str]:
    """Name-shaped parts of the question that were removed from an indexed document.

    A bare name ("陳淑芬的電話？") has no cue for the recognisers, but if ingest removed that very
    value from a document, its keyed hash is in the catalogue: such a name is scrubbed too.
    """
    candidates = {m.group() for m in _LATIN_NAME.finditer(ctx.question)}
    for run in _CJK_RUN.findall(ctx.question):
        for size in (2, 3, 4):
            candidates.update(run[i : i + size] for i in range(len(run) - size + 1))
    hashed = {scrubber.hash_value(c): c for c in candidates}
    known = known_value_hashes(ctx.settings.manifest_path, hashed)
    return {hashed[h] for h in known}


def scrub_question(ctx: AnswerContext) -> Iterator[str]:
    if len(ctx.question) > ctx.settings.max_question_chars:
        # Scrubbing a huge text takes minutes; the length guard would refuse it anyway.
        detail = f"{len(ctx.question)} > {ctx.settings.max_question_chars} characters"
        ctx.question = TOO_LONG
        ctx.verdicts.append(GuardVerdict(name="length", status="fail", detail=detail))
        ctx.finish(Status.GUARDRAIL_INPUT, status_message(Status.GUARDRAIL_INPUT, "en"))
        return
    try:
        scrubber = load_scrubber(ctx.settings)
        placeholders = PlaceholderMap()
        placeholders.known_names.update(_names_removed_from_documents(ctx, scrubber))
        result = scrubber.scrub_message(ctx.question, placeholders)
    except Exception as exc:  # noqa: BLE001 - without scrubbing, nothing may go further
        ctx.question = WITHHELD
        ctx.verdicts.append(
            GuardVerdict(name="pii_question", status="error", detail=type(exc).__name__)
        )
        ctx.finish(Status.GUARDRAIL_INPUT, status_message(Status.GUARDRAIL_INPUT, "en"))
        return
    ctx.question = result.text
    ctx.pii_counts = dict(result.counts)
    ctx.language = _answer_language(ctx.question)
    removed = ", ".join(f"{k}×{v}" for k, v in sorted(result.counts.items()))
    ctx.verdicts.append(
        GuardVerdict(
            name="pii_question",
            status="pass",
            detail=f"removed {removed}" if removed else "none found",
        )
    )
    yield from ()


def guard_question(ctx: AnswerContext) -> Iterator[str]:
    for guard in input_guards(ctx.settings):
        gctx = GuardContext(question=ctx.question, language=ctx.language, audience=ctx.audience)
        result = run_guard(guard, gctx)
        ctx.verdicts.append(result.verdict)
        if result.text is not None:
            ctx.question = result.text
        if result.verdict.status == "fail" and result.verdict.name == "crisis":
            ctx.finish(Status.CRISIS_REFERRAL, crisis_message(ctx.language, ctx.settings))
            return
        if result.verdict.status in ("fail", "error"):
            ctx.finish(Status.GUARDRAIL_INPUT, status_message(Status.GUARDRAIL_INPUT, ctx.language))
            return
    yield from ()
