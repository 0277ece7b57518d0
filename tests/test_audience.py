"""Audience isolation: a public user never retrieves, cites or is quoted staff-only content.

The probes (eval/questions/staff-probe-questions.jsonl) are written to pull staff content: case
notes, meeting minutes, the volunteer roster. As STAFF they must reach it (positive control), so
the PUBLIC results prove the filter works, not that the probes miss.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.dataset import EvalQuestion, load_questions
from eval.metrics import contains, normalise
from guardrails.sentences import split_sentences
from kb.index import KnowledgeBase
from kb.library import knowledge_base
from kb.pipeline import answer
from kb.schema import Audience, Status
from kb.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PROBES = ROOT / "eval" / "questions" / "staff-probe-questions.jsonl"
SAMPLE_QUESTIONS = ROOT / "eval" / "questions" / "sample-questions.jsonl"
WIDE = 50  # candidates inspected per search: far past what an answer ever uses
# Not yet measured (the full run did not finish on the loaded machine): a first guess.
STAFF_REACH_MIN = 0.85


@pytest.fixture(scope="module")
def probes() -> list[EvalQuestion]:
    questions = load_questions(PROBES)
    assert len(questions) >= 50
    return questions


@pytest.fixture(scope="module")
def kb(samples_kb: Settings) -> KnowledgeBase:
    return knowledge_base(samples_kb)


@pytest.fixture(scope="module")
def staff_docs(kb: KnowledgeBase) -> set[str]:
    docs = {d.doc_id for d in kb.documents() if d.audience is Audience.STAFF}
    assert len(docs) >= 4, "the sample corpus should hold several staff-only documents"
    return docs


@pytest.fixture(scope="module")
def staff_only_snippets(kb: KnowledgeBase) -> list[str]:
    """Staff evidence strings and every staff sentence (>= 12 chars) absent from public text."""
    chunks = kb.catalog.chunks_by_id(kb.catalog.chunk_ids()).values()
    public_text = normalise(" ".join(c.text for c in chunks if c.audience is Audience.PUBLIC))
    sentences = {
        normalise(s)
        for c in chunks
        if c.audience is Audience.STAFF
        for s in split_sentences(c.text)
    }
    snippets = [s for s in sentences if len(s) >= 12 and s not in public_text]
    evidence = [
        q.evidence
        for q in load_questions(SAMPLE_QUESTIONS)
        if q.audience is Audience.STAFF and q.evidence
    ]
    assert len(evidence) >= 5 and len(snippets) >= 30
    return evidence + snippets


def test_public_searches_never_see_a_staff_chunk(
    kb: KnowledgeBase, probes: list[EvalQuestion], staff_docs: set[str]
) -> None:
    for probe in probes:
        vector = kb.vector_ranking(probe.question, Audience.PUBLIC, WIDE)
        keyword = kb.keyword_ranking(probe.question, Audience.PUBLIC, WIDE)
        passages = kb.retrieve(probe.question, Audience.PUBLIC, top_k=WIDE)
        seen = [cid.split(":")[0] for cid in vector + keyword]
        seen += [p.chunk.doc_id for p in passages]
        assert not staff_docs & set(seen), probe.id
        assert all(p.chunk.audience is Audience.PUBLIC for p in passages), probe.id


def test_public_answers_never_cite_or_quote_staff_content(
    samples_kb: Settings,
    probes: list[EvalQuestion],
    staff_docs: set[str],
    staff_only_snippets: list[str],
) -> None:
    for probe in probes:
        result = answer(probe.question, samples_kb, audience=Audience.PUBLIC, mode="extractive")
        assert result.status is not Status.ERROR, (probe.id, result.backend_note)
        assert not {c.doc_id for c in result.citations} & staff_docs, probe.id
        assert not {r.doc_id for r in result.retrieved} & staff_docs, probe.id
        leaked = [s for s in staff_only_snippets if contains(result.answer, s)]
        assert not leaked, f"{probe.id}: {len(leaked)} staff-only snippets in the answer"


def test_the_same_probes_reach_staff_content_as_staff(
    kb: KnowledgeBase, probes: list[EvalQuestion], staff_docs: set[str]
) -> None:
    reached = [
        probe.id
        for probe in probes
        if staff_docs & {p.chunk.doc_id for p in kb.retrieve(probe.question, Audience.STAFF)}
    ]
    assert len(reached) / len(probes) >= STAFF_REACH_MIN, f"only {len(reached)} reached"


def test_a_staff_answer_cites_the_staff_minutes(samples_kb: Settings, staff_docs: set[str]) -> None:
    question = "2026年租金補助上限會提高嗎？理事會什麼時候核備？"
    staff = answer(question, samples_kb, audience=Audience.STAFF, mode="extractive")
    public = answer(question, samples_kb, audience=Audience.PUBLIC, mode="extractive")
    assert {c.doc_id for c in staff.citations} & staff_docs, staff.backend_note
    assert not {c.doc_id for c in public.citations} & staff_docs
    assert not contains(public.answer, "25,000")
