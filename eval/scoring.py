"""Scoring: one question's answer and passages into a `QuestionResult`; results into `Metrics`."""

from __future__ import annotations

from collections.abc import Sequence

from eval import metrics, readability
from eval.dataset import EvalQuestion
from eval.results import CitationRecord, Metrics, PassageRecord, QuestionResult
from kb.schema import Answer, Audience, Passage

LATENCY_KINDS = ("retrieval", "first_token", "total")


def passage_records(passages: Sequence[Passage], evidence: str | None) -> list[PassageRecord]:
    """Retrieved passages in rank order, each marked with whether it holds the evidence."""
    return [
        PassageRecord(
            rank=rank,
            chunk_id=p.chunk.chunk_id,
            file_name=p.chunk.file_name,
            location=p.location,
            text=p.chunk.text,
            score=p.score,
            has_evidence=None if evidence is None else metrics.contains(p.chunk.text, evidence),
        )
        for rank, p in enumerate(passages, start=1)
    ]


def citation_records(
    answer: Answer, texts_by_id: dict[str, str], evidence: str | None
) -> list[CitationRecord]:
    """The answer's citations; evidence is looked for in the cited chunk's full text when known,
    else in the quote the citation carries."""
    records = []
    for c in answer.citations:
        text = texts_by_id.get(c.chunk_id, c.quote)
        records.append(
            CitationRecord(
                n=c.n,
                chunk_id=c.chunk_id,
                document=c.document,
                location=c.location,
                quote=c.quote,
                has_evidence=None if evidence is None else metrics.contains(text, evidence),
            )
        )
    return records


def score_question(
    question: EvalQuestion,
    audience: Audience,
    passages: Sequence[Passage],
    answer: Answer | None,
    k: int,
    latency_ms: dict[str, float] | None = None,
    extra_texts: dict[str, str] | None = None,
    error: str | None = None,
) -> QuestionResult:
    """Score one question. `answer` is None when answering raised (`error` then says what);
    `extra_texts` maps further chunk ids to text, for citations outside `passages`."""
    evidence = question.evidence if question.answerable else None
    retrieved = passage_records(passages, evidence)
    result = QuestionResult(
        id=question.id,
        question=answer.question if answer and answer.question else question.question,
        lang=question.lang,
        audience=audience,
        answerable=question.answerable,
        evidence=question.evidence,
        expected=question.expected,
        retrieved=retrieved,
        latency_ms=dict(latency_ms or {}),
        error=error,
    )
    if evidence:
        result.evidence_rank = next((p.rank for p in retrieved if p.has_evidence), None)
        result.hit = metrics.hit_at_k(result.evidence_rank, k)
        result.reciprocal_rank = metrics.reciprocal_rank(result.evidence_rank)

    if answer is not None:
        texts_by_id = {**(extra_texts or {}), **{p.chunk_id: p.text for p in retrieved}}
        result.answer = answer.answer
        result.search_translation = answer.search_translation
        result.refused = answer.refused
        result.status = str(answer.status)
        result.backend = answer.backend
        result.model = answer.model
        result.citations = citation_records(answer, texts_by_id, evidence)
        result.answer_language = metrics.answer_language(answer.answer)
        result.unsupported_rate = metrics.unsupported_sentence_rate(answer)
        result.readability = readability.of_result(result)
        result.guard_issues = [
            f"{v.name}: {v.status}" + (f" ({v.detail})" if v.detail else "")
            for v in answer.guardrails
            if v.status != "pass"
        ]

    if result.answer_language != "und":
        result.language_ok = metrics.language_matches(question.lang, result.answer_language)
    if question.answerable and question.expected:
        result.facts_found = metrics.facts_found(question.expected, result.answer)
        result.key_facts_ok = all(result.facts_found)
    if evidence and not result.refused and answer is not None:
        marks = [bool(c.has_evidence) for c in result.citations]
        result.evidence_cited = any(marks)
        result.citation_precision = sum(marks) / len(marks) if marks else None
    result.failures = _failures(result, k)
    return result


def _failures(r: QuestionResult, k: int) -> list[str]:
    reasons = []
    if r.error:
        reasons.append(f"error: {r.error}")
    if r.hit is False:
        reasons.append(f"evidence not in the top {k} passages")
    if r.answerable and r.refused:
        why = "; ".join([r.status, *r.guard_issues])
        reasons.append(f"refused an answerable question ({why})")
    if not r.answerable and not r.refused:
        reasons.append("answered an unanswerable question")
    if r.evidence_cited is False:
        reasons.append("no citation holds the evidence" if r.citations else "no citation")
    if r.key_facts_ok is False:
        missing = [facts[0] for facts, ok in zip(r.expected, r.facts_found, strict=True) if not ok]
        reasons.append("missing key facts: " + ", ".join(missing))
    if r.language_ok is False:
        reasons.append(f"answer language {r.answer_language}, question {r.lang}")
    if r.unsupported_rate:
        reasons.append(f"unsupported sentences: {r.unsupported_rate:.0%}")
    return reasons


def _share(flags: Sequence[bool | None]) -> float | None:
    known = [f for f in flags if f is not None]
    return metrics.mean([float(f) for f in known])


def summarise(results: Sequence[QuestionResult], k: int) -> Metrics:
    """Summary metrics over `results` (see `Metrics` for each metric's denominator)."""
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    ok = [r for r in results if r.error is None]
    summary = Metrics(
        questions=len(results),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        errors=len(results) - len(ok),
        passed=sum(r.passed for r in results),
        k=k,
        hit_at_k=_share([r.hit for r in results]),
        mrr=metrics.mean([r.reciprocal_rank for r in results if r.reciprocal_rank is not None]),
        citation_precision=metrics.mean(
            [r.citation_precision for r in results if r.citation_precision is not None]
        ),
        evidence_cited=_share([r.evidence_cited for r in results]),
        key_fact_accuracy=_share([r.key_facts_ok for r in results]),
        fact_recall=metrics.mean(
            [sum(r.facts_found) / len(r.facts_found) for r in results if r.facts_found]
        ),
        refusal_accuracy=_share([r.refused for r in unanswerable]),
        false_refusal_rate=_share([r.refused for r in answerable]),
        language_match=_share([r.language_ok for r in ok]),
        unsupported_sentence_rate=metrics.mean(
            [r.unsupported_rate for r in results if r.unsupported_rate is not None]
        ),
        faithfulness_judge=metrics.mean(
            [r.judge.score for r in results if r.judge and r.judge.score is not None]
        ),
    )
    for kind in LATENCY_KINDS:
        values = [r.latency_ms[kind] for r in ok if kind in r.latency_ms]
        setattr(summary, f"{kind}_p50_ms", metrics.percentile(values, 50))
        setattr(summary, f"{kind}_p95_ms", metrics.percentile(values, 95))
    return summary


def summarise_by_language(results: Sequence[QuestionResult], k: int) -> dict[str, Metrics]:
    languages = sorted({r.lang for r in results})
    return {lang: summarise([r for r in results if r.lang == lang], k) for lang in languages}


def summarise_by_category(results: Sequence[QuestionResult], k: int) -> dict[str, Metrics]:
    """Summaries per question category (see `eval.split`), in the categories' fixed order."""
    from eval.split import CATEGORIES

    present = [c for c in CATEGORIES if any(r.category == c for r in results)]
    return {c: summarise([r for r in results if r.category == c], k) for c in present}
