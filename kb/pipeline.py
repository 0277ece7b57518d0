"""The life of one answer, top to bottom.

    scrub personal data -> guard the question -> condense a follow-up
    -> translate it for documents in the other language -> retrieve
    -> set aside group terms no passage names -> compose (LLM, falling back to extractive)
    -> guard the draft -> cite -> audit

Each step reads and writes one `AnswerContext`; a step that settles the outcome sets `status`
and the remaining steps are skipped. Any exception becomes `Status.ERROR` with a fixed message:
a user never sees a stack trace, and no answer leaves without an audit record.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, NamedTuple

from guardrails import (
    AnswersQuestionGuard,
    EmbeddingSimilarity,
    GroundednessGuard,
    crisis_message,
    flag_instructions,
    format_passages,
    input_guards,
    output_guards,
    propagate_citations,
    to_traditional,
)
from guardrails.base import GuardContext, run_guard
from guardrails.bias import group_mentions, group_terms, groups_of_terms, neutralise_groups
from guardrails.grounding import attribute_citations
from ingest.language import HAN, detect_language
from ingest.pii import PlaceholderMap, Scrubber, load_scrubber
from kb.audit import AuditLog
from kb.catalog import known_value_hashes
from kb.compose import (
    cited_numbers,
    evidence_quotes,
    renumber_citations,
    without_citation_lookalikes,
)
from kb.index import HALF_LANGUAGE, KnowledgeBase, language_group, other_half, search_queries
from kb.llm import EngineUsage, LLMChoice, LLMUnavailable, candidate_llms, stream_chat
from kb.measures import kinds_asked
from kb.messages import (
    extractive_lead,
    groups_set_aside_note,
    may_want_to_read,
    quotes_label,
    quotes_without_answer,
    status_message,
    years_not_mentioned,
)
from kb.prompts import (
    NO_ANSWER,
    PROMPT_VERSION,
    answer_messages,
    condense_messages,
    says_only_that_documents_are_silent,
    without_non_claims,
)
from kb.repetition import cut_at_repeat
from kb.schema import (
    Answer,
    Audience,
    AuditRecord,
    Backend,
    Citation,
    GuardVerdict,
    Passage,
    Quotes,
    RetrievedRef,
    Status,
)
from kb.settings import Settings
from kb.store import StoreUnavailable
from kb.translation import translate_question
from kb.years import passages_about_years, roc_years_in, years_in

log = logging.getLogger(__name__)

Mode = Literal["auto", "extractive"]
READING_SUGGESTIONS = 2  # passages named when an answer was refused as off the question
WITHHELD = "[question withheld: it could not be checked for personal data]"
TOO_LONG = "[question withheld: longer than the allowed length, not read]"


@dataclass
class AnswerContext:
    question: str  # raw only until scrub_question runs first; never stored raw
    settings: Settings
    audience: Audience
    session_id: str
    history: list[tuple[str, str]]
    mode: Mode
    language: str = "en"
    search_query: str = ""
    # The search query translated by the model, by language ("en", "zh-TW"): each language
    # half of the library is searched in its own language.
    translations: dict[str, str] = field(default_factory=dict)
    # The question the model is asked and the guards read: `question` unless group terms
    # were set aside (see set_aside_unnamed_groups).
    prompt_question: str = ""
    groups_set_aside: list[str] = field(default_factory=list)
    pii_counts: dict[str, int] = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list)
    text: str = ""
    citations: list[Citation] = field(default_factory=list)
    # The evidence sentences streamed before the model is asked (see compose).
    quotes: Quotes | None = None
    verdicts: list[GuardVerdict] = field(default_factory=list)
    status: Status | None = None
    backend: Backend = "extractive"
    model: str = "none"
    notes: list[str] = field(default_factory=list)
    # Built once per answer (see _llm_chain): choosing probes the Ollama server.
    llm_chain: list[LLMChoice] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    # One per answer, so citation repair and the groundedness guard share its cached embeddings.
    similarity: EmbeddingSimilarity = field(init=False)

    def __post_init__(self) -> None:
        self.similarity = EmbeddingSimilarity(self.settings)  # loads nothing until first used

    def retrieved_refs(self) -> list[RetrievedRef]:
        return [
            RetrievedRef(chunk_id=p.chunk.chunk_id, doc_id=p.chunk.doc_id, score=p.score)
            for p in self.passages
        ]

    def distinct_notes(self) -> list[str]:
        return list(dict.fromkeys(self.notes))

    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 1)

    def finish(self, status: Status, text: str | None = None) -> None:
        self.status = status
        if text is not None:
            self.text = text


_open_bases: dict[tuple[str, str | None, str], KnowledgeBase] = {}
_open_lock = threading.Lock()


def knowledge_base(settings: Settings) -> KnowledgeBase:
    """One open knowledge base per data directory (and store and embedder) and process."""
    key = (str(settings.data_dir), settings.chroma_url, settings.embedding_model)
    with _open_lock:
        if key not in _open_bases:
            kb = KnowledgeBase(settings)
            _check_vectors(kb)
            _open_bases[key] = kb
        return _open_bases[key]


def _check_vectors(kb: KnowledgeBase) -> None:
    """Refuse a store that lost vectors (Chroma files deleted or replaced), instead of quietly
    answering from keywords only. Writes add vectors before the catalogue commits and remove
    them after, so fewer vectors than catalogue chunks is never a transient state."""
    _, chunks = kb.catalog.counts()
    if chunks and kb.vector_store.client.count() < chunks:
        where = kb.settings.chroma_url or str(kb.settings.chroma_dir)
        raise StoreUnavailable(
            f"the vector store at {where} is missing vectors for {chunks} catalogued passages "
            "(files deleted or damaged): run `ngo-kb reindex` to rebuild it from the catalogue"
        )


def _answer_language(question: str) -> str:
    detected = detect_language(question)
    if detected.startswith("zh"):
        return "zh-TW" if detected != "zh-CN" else "zh-CN"
    return detected if detected not in ("und", "") else "en"


# --- the steps -----------------------------------------------------------------------------


def check_audit_log(ctx: AnswerContext) -> Iterator[str]:
    # Before anything is generated or streamed: no answer may leave without its audit record.
    AuditLog(ctx.settings).check_writable()
    yield from ()


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
        result = scrubber.scrub(ctx.question, placeholders)
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


def condense_follow_up(ctx: AnswerContext) -> Iterator[str]:
    ctx.search_query = ctx.question
    if not ctx.history:
        return
    llm = _llm_chain(ctx)[0]
    if llm.llm is None:
        ctx.search_query = f"{ctx.history[-1][0]} {ctx.question}"
        return
    started = time.perf_counter()
    usage = EngineUsage()
    try:
        messages = condense_messages(ctx.question, ctx.history)
        rewritten = "".join(stream_chat(llm.llm, messages, usage=usage))
        ctx.search_query = rewritten.strip().splitlines()[0] if rewritten.strip() else ctx.question
    except LLMUnavailable as exc:
        ctx.notes.append(f"condense skipped: {exc}")
        _give_up_on(ctx, llm)
        ctx.search_query = f"{ctx.history[-1][0]} {ctx.question}"
    ctx.timings["condense"] = round((time.perf_counter() - started) * 1000, 1)
    ctx.timings.update(usage.timings("condense_"))
    yield from ()


def translate_for_search(ctx: AnswerContext) -> Iterator[str]:
    """Each language half of the library is searched with the question in its language: a
    Chinese question is translated into English, an English one into Chinese, a question in any
    other language into both (multilingual embeddings rank a passage far below same-language
    text, and keywords match only their own language). Group terms are set aside first, so the
    two questions of a bias pair search alike. Only for search: the model still answers the
    question asked. Without a model, or if it fails, a half is searched with the question alone.
    """
    choice = _llm_chain(ctx)[0]
    if choice.llm is None:
        return
    query = neutralise_groups(ctx.search_query)
    if query != ctx.search_query:
        ctx.notes.append("search translation made of the question with its group terms set aside")
    home = language_group(query)
    halves = [other_half(home)]
    if home == "other" and detect_language(query) not in ("en", "und"):
        halves.append(home)  # a question in neither library language
    kb = knowledge_base(ctx.settings)
    usage = EngineUsage()  # both halves' calls together
    for half in halves:
        if not kb.vector_ranking(query, ctx.audience, 1, language=half):
            continue  # nothing in that language to search
        target = HALF_LANGUAGE[half]
        started = time.perf_counter()
        failed = False
        try:
            translated, problem = translate_question(choice.llm, query, target, usage)
        except LLMUnavailable as exc:
            translated, problem, failed = None, f"the model failed ({exc})", True
            _give_up_on(ctx, choice)
        ctx.timings["translation"] = ctx.timings.get("translation", 0.0) + round(
            (time.perf_counter() - started) * 1000, 1
        )
        ctx.timings.update(usage.timings("translation_"))
        if translated is None:
            ctx.notes.append(f"search translation not used: {problem}")
            if failed:
                return  # the other half's translation would wait for the same failed model
        else:
            if problem:
                ctx.notes.append(f"search translation: {problem}")
            ctx.translations[target] = to_traditional(translated) if half == "zh" else translated
    yield from ()


def retrieve(ctx: AnswerContext) -> Iterator[str]:
    started = time.perf_counter()
    ctx.passages = knowledge_base(ctx.settings).retrieve(
        ctx.search_query, ctx.audience, **search_queries(ctx.search_query, ctx.translations)
    )
    ctx.timings["retrieval"] = round((time.perf_counter() - started) * 1000, 1)
    for p in ctx.passages:
        ctx.flags.extend(f"{p.chunk.chunk_id}: {kind}" for kind in flag_instructions(p.chunk.text))
    if not ctx.passages:
        ctx.finish(
            Status.UNANSWERABLE_NO_PASSAGES,
            status_message(Status.UNANSWERABLE_NO_PASSAGES, ctx.language),
        )
    yield from ()


def set_aside_unnamed_groups(ctx: AnswerContext) -> Iterator[str]:
    """A group the question names ("migrants") but no passage names gets nothing from the
    documents, yet a small model answers "...for migrants?" and "...for local residents?"
    differently. Such a question is retrieved, gated and drafted as if for everyone, and the
    answer says that the documents say nothing specific about that group."""
    ctx.prompt_question = ctx.question
    terms = group_terms(ctx.question)
    passages = ctx.passages[: ctx.settings.llm_passages]
    if not terms or groups_of_terms(ctx.question) & group_mentions(
        " ".join(p.chunk.text for p in passages)
    ):
        return
    ctx.groups_set_aside = terms
    ctx.prompt_question = neutralise_groups(ctx.question)
    ctx.search_query = neutralise_groups(ctx.search_query)
    ctx.verdicts.append(
        GuardVerdict(
            name="group_terms",
            status="pass",
            detail=f"named in no passage, answered for everyone: {', '.join(terms)}",
        )
    )
    ctx.flags = []
    yield from retrieve(ctx)


def _llm_chain(ctx: AnswerContext) -> list[LLMChoice]:
    """The backends for this answer, chosen once: each choice asks a configured Ollama server
    for its models (up to its timeout when the server is down), and up to three steps ask."""
    if not ctx.llm_chain:
        ctx.llm_chain = (
            [LLMChoice("extractive", "none", "extractive mode requested", None)]
            if ctx.mode == "extractive"
            else candidate_llms(ctx.settings)
        )
    return ctx.llm_chain


def _give_up_on(ctx: AnswerContext, failed: LLMChoice) -> None:
    """A backend that failed is not asked again in this answer: a dead Ollama server would
    otherwise make every later step wait for its timeout."""
    ctx.notes.append(f"{failed.backend} failed; not asked again for this answer")
    ctx.llm_chain = [choice for choice in _llm_chain(ctx) if choice is not failed]


class _Evidence(NamedTuple):
    quotes: str | None  # the passage sentences closest to the question, None when none are
    years_missing: tuple[int, ...] = ()
    kinds: frozenset[str] = frozenset()  # of quantity the question asks for (`kb.measures`)

    @property
    def why_none(self) -> str:
        if self.years_missing:
            return "no passage mentions " + ", ".join(map(str, self.years_missing))
        if self.quotes is not None:
            return ""
        about = f" about {' or '.join(sorted(self.kinds))}" if self.kinds else ""
        return f"no passage sentence{about} is close to the question"


def _evidence(ctx: AnswerContext, passages: list[Passage]) -> _Evidence:
    """The passage sentences closest to the question, or to its translation, or why there are
    none. A sentence in the other language is closer to the translated question. A question
    about a year is answered only from passages that mention it: "協會2024年的總收入" found its
    evidence in the income rules, which name no year, and the model invented a total. One asking
    for a length of time, money or a weight is answered only from sentences about that kind of
    thing, read from the question as asked (the translation may have lost it)."""
    about = passages_about_years(ctx.prompt_question, passages)
    if not about:
        return _Evidence(None, tuple(sorted(years_in(ctx.prompt_question))))
    kinds = kinds_asked(ctx.prompt_question)
    quotes = evidence_quotes(ctx.prompt_question, passages, ctx.settings, about, kinds)
    for translated in ctx.translations.values():
        if quotes is not None:
            break
        quotes = evidence_quotes(translated, passages, ctx.settings, about, kinds)
    return _Evidence(quotes, kinds=kinds)


def _refuse_without_evidence(ctx: AnswerContext, evidence: _Evidence) -> None:
    message = (
        years_not_mentioned(evidence.years_missing, ctx.language, roc_years_in(ctx.prompt_question))
        if evidence.years_missing
        else status_message(Status.UNANSWERABLE_NOT_SUPPORTED, ctx.language)
    )
    ctx.finish(Status.UNANSWERABLE_NOT_SUPPORTED, message)


def _compose_extractive(ctx: AnswerContext, why: str) -> None:
    ctx.backend, ctx.model = "extractive", "none"
    ctx.notes.append(why)
    evidence = _evidence(ctx, ctx.passages)
    if evidence.quotes is None:
        _refuse_without_evidence(ctx, evidence)
    else:
        ctx.text = f"{extractive_lead(ctx.language)} {evidence.quotes}"
        ctx.finish(Status.ANSWERED_EXTRACTIVE)


def _show_quotes(ctx: AnswerContext, evidence: _Evidence, passages: list[Passage]) -> Quotes:
    """The evidence sentences as shown while the model writes: the user reads the documents'
    own words at once instead of waiting for the whole answer; numbered 1..m on their own."""
    text, citations = renumber_citations(evidence.quotes or "", passages)
    ctx.quotes = Quotes(label=quotes_label(ctx.language), text=text, citations=citations)
    ctx.timings["quotes"] = ctx.elapsed_ms()
    ctx.notes.append("quotes from the passages shown before the model was asked")
    return ctx.quotes


def compose(ctx: AnswerContext) -> Iterator[str | Quotes]:
    passages = ctx.passages[: ctx.settings.llm_passages]
    chain = _llm_chain(ctx)
    if chain[0].llm is not None:
        # Asked without evidence, a small model invents an answer (for one wording of a
        # question and not for another): the guard would remove it, a minute later.
        evidence = _evidence(ctx, passages)
        found = evidence.quotes is not None
        ctx.verdicts.append(
            GuardVerdict(
                name="evidence", status="pass" if found else "fail", detail=evidence.why_none
            )
        )
        if not found:
            ctx.notes.append("the model was not asked: no evidence in the passages")
            _refuse_without_evidence(ctx, evidence)
            return
        yield _show_quotes(ctx, evidence, passages)
    for choice in chain:
        if choice.llm is None:
            _compose_extractive(ctx, choice.reason)
            return
        messages = answer_messages(
            ctx.prompt_question,
            format_passages([without_citation_lookalikes(p) for p in passages]),
            ctx.language,
            ctx.settings.organisation_name,
        )
        started = time.perf_counter()
        draft = ""
        usage = EngineUsage()
        deltas = stream_chat(choice.llm, messages, usage=usage)
        try:
            for delta in deltas:
                if not draft:
                    ctx.timings["first_token"] = round(
                        (time.perf_counter() - ctx.started) * 1000, 1
                    )
                draft += delta
                yield delta
                if (shortened := cut_at_repeat(draft)) != draft:
                    ctx.notes.append("generation stopped: the draft began to repeat itself")
                    draft = shortened
                    break
        except LLMUnavailable as exc:
            ctx.notes.append(f"{choice.backend} failed ({exc}); falling back")
            if draft:
                yield "\n"
            continue
        finally:
            deltas.close()  # stops the engine when generation was cut short
        ctx.timings["generation"] = round((time.perf_counter() - started) * 1000, 1)
        ctx.timings.update(usage.timings())  # prompt_tokens, answer_tokens, prefill/decode_ms
        ctx.backend, ctx.model = choice.backend, choice.model
        ctx.notes.append(choice.reason)
        draft, written = without_non_claims(draft), draft.strip()
        if written and not draft:
            # Seen for questions the passages answer as well as for ones they do not: a failure
            # of the model, not its finding that the documents are silent.
            _compose_extractive(
                ctx, "the model wrote only the prompt's citation example or passage numbers"
            )
            return
        if draft != written:
            ctx.notes.append("left out: the prompt's citation example or passage numbers alone")
        if not draft or NO_ANSWER in draft or says_only_that_documents_are_silent(draft):
            ctx.finish(
                Status.UNANSWERABLE_NOT_SUPPORTED,
                status_message(Status.UNANSWERABLE_NOT_SUPPORTED, ctx.language),
            )
            return
        draft = to_traditional(draft) if ctx.language == "zh-TW" else draft
        ctx.text, recited = attribute_citations(
            propagate_citations(draft), passages, ctx.prompt_question, ctx.similarity
        )
        if recited:
            ctx.notes.append(f"citations added or corrected in {recited} sentence(s)")
        ctx.passages = passages
        return


def guard_answer(ctx: AnswerContext) -> Iterator[str]:
    if ctx.backend == "extractive":
        return
    scrubber = load_scrubber(ctx.settings)
    for guard in output_guards(ctx.settings, scrubber, ctx.similarity):
        gctx = GuardContext(
            question=ctx.prompt_question,
            language=ctx.language,
            audience=ctx.audience,
            passages=ctx.passages,
            draft=ctx.text,
        )
        result = run_guard(guard, gctx, timeout_s=30.0)
        ctx.verdicts.append(result.verdict)
        if result.text is not None:
            ctx.text = result.text
        if result.verdict.name == AnswersQuestionGuard.name and result.verdict.status == "fail":
            ctx.notes.append("the answer left after the checks is not about the question")
            _refuse_with_reading(ctx)
            return
        if result.verdict.name == GroundednessGuard.name and result.verdict.status == "fail":
            # The model wrote only claims its passages do not hold: on the sample questions
            # that meant the passages do not answer (quoting them instead misled 6 times in 7).
            ctx.notes.append("no sentence of the draft is supported by its passages")
            ctx.finish(
                Status.UNANSWERABLE_NOT_SUPPORTED,
                status_message(Status.UNANSWERABLE_NOT_SUPPORTED, ctx.language),
            )
            return
        if result.verdict.status in ("fail", "error") or not cited_numbers(ctx.text):
            _compose_extractive(ctx, f"output guard {result.verdict.name}: {result.verdict.status}")
            return
    yield from ()


def _refuse_with_reading(ctx: AnswerContext) -> None:
    """A refusal that names the closest passages, for the user to read themselves."""
    refusal = status_message(Status.UNANSWERABLE_NOT_SUPPORTED, ctx.language)
    shown = ctx.passages[:READING_SUGGESTIONS]
    numbers = " ".join(f"[{n}]" for n in range(1, len(shown) + 1))
    ctx.finish(
        Status.UNANSWERABLE_NOT_SUPPORTED,
        f"{refusal}\n\n{may_want_to_read(ctx.language)} {numbers}" if shown else refusal,
    )


def cite(ctx: AnswerContext) -> Iterator[str]:
    ctx.text, ctx.citations = renumber_citations(ctx.text, ctx.passages)
    if ctx.status is None:
        ctx.finish(Status.ANSWERED)
    if ctx.groups_set_aside and ctx.status in (Status.ANSWERED, Status.ANSWERED_EXTRACTIVE):
        ctx.text = f"{groups_set_aside_note(ctx.groups_set_aside, ctx.language)}\n\n{ctx.text}"
    yield from ()


STEPS: list[Callable[[AnswerContext], Iterator[str | Quotes]]] = [
    check_audit_log,
    scrub_question,
    guard_question,
    condense_follow_up,
    translate_for_search,
    retrieve,
    set_aside_unnamed_groups,
    compose,
    guard_answer,
    cite,
]


# --- running and recording -------------------------------------------------------------------


def _index_version(settings: Settings) -> str:
    try:
        return knowledge_base(settings).catalog.index_version()
    except StoreUnavailable:  # the error answer is still audited
        return "unavailable"


def _audit(ctx: AnswerContext, audit_id: str) -> None:
    AuditLog(ctx.settings).append(
        AuditRecord(
            audit_id=audit_id,
            time=datetime.now(UTC).isoformat(timespec="seconds"),
            session_id=ctx.session_id,
            audience=ctx.audience,
            question=ctx.question,
            language=ctx.language,
            pii_types=ctx.pii_counts,
            retrieved=ctx.retrieved_refs(),
            cited_ids=[c.chunk_id for c in ctx.citations],
            backend=ctx.backend,
            model=ctx.model,
            prompt_version=PROMPT_VERSION,
            index_version=_index_version(ctx.settings),
            guardrails=ctx.verdicts,
            answer=ctx.text,
            status=ctx.status or Status.ERROR,
            latency_ms=ctx.elapsed_ms(),
            flags=ctx.flags,
            notes=ctx.distinct_notes(),
        )
    )


def _sentences_removed(ctx: AnswerContext) -> bool:
    """The model's answer is shown without some of its sentences (the guard passed the rest)."""
    return ctx.status is Status.ANSWERED and any(
        v.name == GroundednessGuard.name
        and v.status == "pass"
        and v.score is not None
        and v.score < 1.0
        for v in ctx.verdicts
    )


def _away_translation(ctx: AnswerContext) -> str | None:
    """The translation the other language half was searched with (`search_translation`)."""
    return search_queries(ctx.search_query, ctx.translations).get("away_query")


def _final_quotes(ctx: AnswerContext, status: Status) -> Quotes | None:
    """The quotes shown, saying so when no written answer followed them."""
    if ctx.quotes is None or not status.refused:
        return ctx.quotes
    return ctx.quotes.model_copy(update={"note": quotes_without_answer(ctx.language)})


def _to_answer(ctx: AnswerContext, audit_id: str) -> Answer:
    status = ctx.status or Status.ERROR
    return Answer(
        question=ctx.question,
        answer=ctx.text,
        language=ctx.language,
        refused=status.refused,
        citations=ctx.citations,
        backend=ctx.backend,
        model=ctx.model,
        guardrails=ctx.verdicts,
        audit_id=audit_id,
        timings_ms={**ctx.timings, "total": ctx.elapsed_ms()},
        status=status,
        status_label=status.label,
        audience=ctx.audience,
        pii_removed=ctx.pii_counts,
        retrieved=ctx.retrieved_refs(),
        backend_note="; ".join(ctx.distinct_notes()),
        groups_set_aside=ctx.groups_set_aside,
        search_translation=_away_translation(ctx),
        search_translations=dict(ctx.translations),
        sentences_removed=_sentences_removed(ctx),
        quotes=_final_quotes(ctx, status),
    )


def stream_answer(
    question: str,
    settings: Settings,
    audience: Audience = Audience.STAFF,
    session_id: str | None = None,
    history: list[tuple[str, str]] | None = None,
    mode: Mode = "auto",
) -> Iterator[str | Quotes | Answer]:
    """Yield the evidence `Quotes` once the model is to be asked, text deltas as the draft is
    generated, then the final, guarded `Answer`. A consumer may skip items it does not know."""
    ctx = AnswerContext(
        question=question,
        settings=settings,
        audience=audience,
        session_id=session_id or secrets.token_hex(8),
        history=list(history or []),
        mode=mode,
    )
    for step in STEPS:
        if ctx.status is not None and step is not cite:
            continue
        try:
            yield from step(ctx)
        except Exception as exc:  # noqa: BLE001 - becomes a fixed message and an error status
            # Only a store error's message is logged: it names paths, never user text.
            why = str(exc) if isinstance(exc, StoreUnavailable) else type(exc).__name__
            log.error("answer step %s failed: %s", step.__name__, why)
            ctx.notes.append(f"{step.__name__} failed: {type(exc).__name__}")
            if step in (check_audit_log, scrub_question):
                ctx.question = WITHHELD
            ctx.citations = []
            ctx.finish(Status.ERROR, status_message(Status.ERROR, ctx.language))
    audit_id = secrets.token_hex(8)
    try:
        _audit(ctx, audit_id)
    except Exception as exc:  # noqa: BLE001 - an unaudited answer must not leave
        log.error("audit write failed: %s", type(exc).__name__)
        ctx.citations, ctx.notes = [], [*ctx.notes, f"audit failed: {type(exc).__name__}"]
        ctx.quotes = None  # an unaudited answer keeps nothing of what it showed
        ctx.finish(Status.ERROR, status_message(Status.ERROR, ctx.language))
        audit_id = ""
    yield _to_answer(ctx, audit_id)


def answer(
    question: str,
    settings: Settings,
    audience: Audience = Audience.STAFF,
    session_id: str | None = None,
    history: list[tuple[str, str]] | None = None,
    mode: Mode = "auto",
) -> Answer:
    """Answer one question (see `stream_answer`)."""
    final: Answer | None = None
    for item in stream_answer(question, settings, audience, session_id, history, mode):
        if isinstance(item, Answer):
            final = item
    assert final is not None
    return final
