"""The one object every answer step reads and writes; `kb/pipeline.py` runs the steps over it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

from guardrails import EmbeddingSimilarity
from kb.llm import LLMChoice
from kb.model_line import ModelTurn
from kb.prompts import AnswerStyle, answer_style
from kb.schema import (
    Audience,
    Backend,
    Citation,
    GuardVerdict,
    Passage,
    Quotes,
    RetrievedRef,
    Status,
)
from kb.settings import Settings

Mode = Literal["auto", "extractive"]


@dataclass
class AnswerContext:
    question: str  # raw only until scrub_question runs first; never stored raw
    settings: Settings
    audience: Audience
    session_id: str
    history: list[tuple[str, str]]
    mode: Mode
    # The line the answer waits in before the model writes it (the web chat's), if any.
    model_turn: ModelTurn | None = None
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
    # Built once per answer (see kb/steps/llm_chain.py): choosing probes the Ollama server.
    llm_chain: list[LLMChoice] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    # One per answer, so citation repair and the groundedness guard share its cached embeddings.
    similarity: EmbeddingSimilarity = field(init=False)

    def __post_init__(self) -> None:
        self.similarity = EmbeddingSimilarity(self.settings)  # loads nothing until first used

    @property
    def answer_style(self) -> AnswerStyle:
        return answer_style(self.settings.answer_style, self.audience)

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
