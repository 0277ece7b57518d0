"""The saved shape of an evaluation run: per-question results, summary metrics, run settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from eval.readability import Readability
from kb.schema import Audience


class PassageRecord(BaseModel):
    """A retrieved passage as the run saw it (scrubbed chunk text)."""

    rank: int
    chunk_id: str
    file_name: str
    location: str
    text: str
    score: float
    has_evidence: bool | None = None


class CitationRecord(BaseModel):
    n: int
    chunk_id: str
    document: str
    location: str
    quote: str
    has_evidence: bool | None = None


class JudgeScore(BaseModel):
    """Faithfulness as scored by the local model acting as a judge: an estimate, not a check."""

    label: str = "faithfulness (local-model judge)"
    claims: int
    supported: int
    score: float | None
    detail: str = ""


class QuestionResult(BaseModel):
    """Everything measured for one question; `failures` says in words why it did not pass."""

    id: str
    question: str
    lang: str
    audience: Audience
    answerable: bool
    category: str = ""  # see eval.split.question_category; empty in runs made before it
    evidence: str | None = None
    expected: list[list[str]] = Field(default_factory=list)
    retrieved: list[PassageRecord] = Field(default_factory=list)
    evidence_rank: int | None = None
    hit: bool | None = None
    reciprocal_rank: float | None = None
    answer: str = ""
    search_translation: str | None = None
    refused: bool = False
    status: str = ""
    backend: str = ""
    model: str = ""
    citations: list[CitationRecord] = Field(default_factory=list)
    citation_precision: float | None = None
    evidence_cited: bool | None = None
    facts_found: list[bool] = Field(default_factory=list)
    key_facts_ok: bool | None = None
    answer_language: str = "und"
    language_ok: bool | None = None  # None: too little text to tell (e.g. only "40% [1]")
    unsupported_rate: float | None = None
    readability: Readability | None = None  # None: refused, or a run made before it
    guard_issues: list[str] = Field(default_factory=list)
    judge: JudgeScore | None = None
    latency_ms: dict[str, float] = Field(default_factory=dict)
    error: str | None = None
    failures: list[str] = Field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _metric(description: str) -> Any:  # a pydantic FieldInfo, typed as its default
    return Field(default=None, description=description)


class Metrics(BaseModel):
    """Summary over a set of questions. A metric is None where no question measures it."""

    questions: int = Field(0, description="questions in the set")
    answerable: int = Field(0, description="questions the documents answer")
    unanswerable: int = Field(0, description="questions the documents do not answer")
    errors: int = Field(0, description="questions whose answering raised an error")
    passed: int = Field(0, description="questions with no failure of any kind")
    k: int = Field(0, description="passages retrieved per question (top_k)")
    hit_at_k: float | None = _metric("share of answerable questions with the evidence in the top k")
    mrr: float | None = _metric("mean reciprocal rank of the first passage holding the evidence")
    citation_precision: float | None = _metric(
        "share of cited passages that hold the evidence (answered questions with citations)"
    )
    evidence_cited: float | None = _metric(
        "share of answered answerable questions where a cited passage holds the evidence"
    )
    key_fact_accuracy: float | None = _metric(
        "share of answerable questions whose answer states every expected key fact"
    )
    fact_recall: float | None = _metric("share of all expected key facts stated in the answers")
    refusal_accuracy: float | None = _metric("share of unanswerable questions refused")
    false_refusal_rate: float | None = _metric("share of answerable questions refused")
    language_match: float | None = _metric(
        "share of answers written in the question's language (answers with words)"
    )
    unsupported_sentence_rate: float | None = _metric(
        "mean share of answer sentences the groundedness guard found unsupported"
    )
    faithfulness_judge: float | None = _metric(
        "mean faithfulness scored by the local model as a judge (an estimate, off by default)"
    )
    retrieval_p50_ms: float | None = _metric("retrieval latency, median (ms)")
    retrieval_p95_ms: float | None = _metric("retrieval latency, 95th percentile (ms)")
    first_token_p50_ms: float | None = _metric("time to the first answer text, median (ms)")
    first_token_p95_ms: float | None = _metric("time to the first answer text, p95 (ms)")
    total_p50_ms: float | None = _metric("time to the complete answer, median (ms)")
    total_p95_ms: float | None = _metric("time to the complete answer, p95 (ms)")


class RunConfig(BaseModel):
    """What was run, on what: enough to tell two runs apart in `compare`."""

    questions_path: str
    questions_sha256: str
    mode: str
    audience: Audience
    started_at: str
    finished_at: str = ""
    git_commit: str = ""
    embedding_model: str = ""
    check_embedding_model: str = ""
    chunk_size: int = 0
    chunk_overlap: int = 0
    top_k: int = 0
    llm_backend: str = ""
    answer_style: str = ""  # the NGOKB_ANSWER_STYLE setting; empty in runs made before it
    backends_used: list[str] = Field(default_factory=list)
    models_used: list[str] = Field(default_factory=list)
    judge: bool = False
    machine: dict[str, str] = Field(default_factory=dict)
    part: str = ""  # "tuning" or "blind" when one part of a split was run


class RunResult(BaseModel):
    config: RunConfig
    overall: Metrics
    by_language: dict[str, Metrics] = Field(default_factory=dict)
    by_category: dict[str, Metrics] = Field(default_factory=dict)
    questions: list[QuestionResult] = Field(default_factory=list)

    def save(self, path: Path) -> Path:
        """Write the run as indented UTF-8 JSON (Chinese kept readable)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")
        return path


def load_run(path: Path) -> RunResult:
    """Read a run saved by `RunResult.save`."""
    return RunResult.model_validate_json(Path(path).read_text(encoding="utf-8"))
