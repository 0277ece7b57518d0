"""Pydantic models for everything that crosses a package boundary.

ingest produces `Document` and `Chunk`; kb answers with `Answer` (holding `Citation`s and
`GuardVerdict`s) and writes one `AuditRecord` per answer. The `Answer` fields `question`, `answer`,
`language`, `refused`, `citations`, `backend`, `model`, `guardrails`, `audit_id` and `timings_ms`
are a public contract (`ngo-kb ask --json`): extend, never rename.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

# What the scrubber writes in place of a value ("<PERSON_1>"); it stands for no word of the text.
PLACEHOLDER_RE = re.compile(r"<[A-Z_]+_[0-9]+>")


class Audience(StrEnum):
    PUBLIC = "public"
    STAFF = "staff"

    def visible(self) -> list[str]:
        """Audiences whose documents a user of this audience may see."""
        return ["public"] if self is Audience.PUBLIC else ["public", "staff"]


class TextBlock(BaseModel):
    """A run of extracted text with where it came from, before chunking."""

    text: str
    page: int | None = None
    section: list[str] = Field(default_factory=list)


class ParsedDocument(BaseModel):
    """What a loader returns: the document's text in blocks, plus declared metadata."""

    file_name: str
    blocks: list[TextBlock]
    title: str | None = None
    declared_audience: Audience | None = None
    pages: int | None = None


class Document(BaseModel):
    """One manifest entry."""

    doc_id: str
    path: str
    file_name: str
    sha256: str
    size: int
    audience: Audience
    language: str
    chunk_count: int = 0
    version: int = 1
    status: str = "ok"
    last_error: str | None = None
    ingested_at: str | None = None
    pii_counts: dict[str, int] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)


class Chunk(BaseModel):
    """A scrubbed passage ready for indexing. `text` never holds raw personal data."""

    chunk_id: str
    doc_id: str
    version: int
    index: int
    file_name: str
    text: str
    page: int | None = None
    section: str = ""
    char_start: int
    char_end: int
    language: str
    audience: Audience
    content_hash: str


class Passage(BaseModel):
    """A chunk as retrieved for a question, with its fused score and per-retriever ranks."""

    chunk: Chunk
    score: float
    vector_rank: int | None = None
    keyword_rank: int | None = None

    @property
    def location(self) -> str:
        parts = []
        if self.chunk.page is not None:
            parts.append(f"p. {self.chunk.page}")
        if self.chunk.section:
            parts.append(self.chunk.section)
        return ", ".join(parts) or f"passage {self.chunk.index + 1}"


class Citation(BaseModel):
    n: int
    document: str
    location: str
    quote: str
    doc_id: str
    chunk_id: str
    page: int | None = None
    section: str = ""


VerdictStatus = Literal["pass", "fail", "error", "skipped"]


class GuardVerdict(BaseModel):
    name: str
    status: VerdictStatus
    detail: str = ""
    score: float | None = None


class Status(StrEnum):
    """Every way an answer can end, with a human label (read by the UI, audit view and eval)."""

    ANSWERED = "answered"
    ANSWERED_EXTRACTIVE = "answered_extractive"
    UNANSWERABLE_NO_PASSAGES = "unanswerable_no_passages"
    UNANSWERABLE_NOT_SUPPORTED = "unanswerable_not_supported"
    GUARDRAIL_INPUT = "guardrail_input"
    CRISIS_REFERRAL = "crisis_referral"
    ERROR = "error"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def refused(self) -> bool:
        return self not in (Status.ANSWERED, Status.ANSWERED_EXTRACTIVE)


_STATUS_LABELS = {
    Status.ANSWERED: "Answered from the documents",
    Status.ANSWERED_EXTRACTIVE: "Answered with quotes from the documents (no generated text)",
    Status.UNANSWERABLE_NO_PASSAGES: "Not answered: no relevant passage was found",
    Status.UNANSWERABLE_NOT_SUPPORTED: "Not answered: the passages do not support an answer",
    Status.GUARDRAIL_INPUT: "Refused: the question was blocked by an input guard",
    Status.CRISIS_REFERRAL: "Referred to a human contact (crisis language)",
    Status.ERROR: "Not answered: an internal error occurred",
}

Backend = Literal["ollama", "openai", "embedded", "extractive"]


class Quotes(BaseModel):
    """The passage sentences closest to the question, shown before the model is asked: they
    are the documents' own words (scrubbed, audience-filtered), labelled as quotes, not the
    answer. `text` holds 「sentence」[n] with [n] renumbered 1..m into `citations`."""

    label: str  # "From the documents:", in the answer's language
    text: str
    citations: list[Citation] = Field(default_factory=list)
    # Set on the final Answer's copy when no written answer was given after the quotes.
    note: str = ""


class InLine(BaseModel):
    """Streamed while an answer waits for the model: `ahead` answers are before it, 0 once its
    turn has come. What comes before the model (the quotes, a guard's refusal) does not wait."""

    ahead: int


class RetrievedRef(BaseModel):
    chunk_id: str
    doc_id: str
    score: float


class Answer(BaseModel):
    question: str
    answer: str
    language: str
    refused: bool
    citations: list[Citation] = Field(default_factory=list)
    backend: Backend
    model: str
    guardrails: list[GuardVerdict] = Field(default_factory=list)
    audit_id: str = ""
    # Milliseconds per step; the `*_tokens` entries are the engine's token counts of its calls
    # (answer, `translation_`, `condense_`), beside its own `*prefill_ms`/`*decode_ms`.
    timings_ms: dict[str, float] = Field(default_factory=dict)
    status: Status = Status.ANSWERED
    status_label: str = ""
    audience: Audience = Audience.PUBLIC
    pii_removed: dict[str, int] = Field(default_factory=dict)
    retrieved: list[RetrievedRef] = Field(default_factory=list)
    backend_note: str = ""
    # Group terms of the question that no passage names: answered as if asked for everyone.
    groups_set_aside: list[str] = Field(default_factory=list)
    # The question as translated by the model to search documents in the other language.
    search_translation: str | None = None
    # Every translation the search used, by language ("en", "zh-TW"): a question in neither
    # language is searched in both.
    search_translations: dict[str, str] = Field(default_factory=dict)
    # The groundedness guard removed some of the model's sentences (their cited passages did not
    # support them) and kept the rest: the answer may be incomplete, and the user is told so.
    sentences_removed: bool = False
    # The quotes streamed before the model was asked (None when it was not asked): kept above
    # the written answer, with their own citations; `quotes.note` says when none followed.
    quotes: Quotes | None = None
    ai_disclosure: str = (
        "This answer was written by an AI system from the organisation's documents. "
        "Check the sources shown."
    )


class AuditRecord(BaseModel):
    """One line of the hash-chained audit log. Holds scrubbed text only."""

    audit_id: str
    time: str
    session_id: str
    audience: Audience
    question: str | None
    language: str
    pii_types: dict[str, int]
    retrieved: list[RetrievedRef]
    cited_ids: list[str]
    backend: Backend
    model: str
    prompt_version: str
    index_version: str
    guardrails: list[GuardVerdict]
    answer: str | None
    status: Status
    latency_ms: float
    flags: list[str] = Field(default_factory=list)
    # How the answer was made, in fixed wording: the backend chosen and why, fallbacks, the
    # search translation's use. A status with no failing verdict (a quoted answer) says why here.
    notes: list[str] = Field(default_factory=list)
    question_digest: str | None = None
    answer_digest: str | None = None
    prev_hash: str = ""
    hash: str = ""
