"""The adversarial suite (eval/adversarial/*.jsonl): load it, measure the guards, write a report.

`measure_guards()` needs no knowledge base or model: injection detection on question cases,
false positives on benign questions, instruction flags on planted documents, crisis detection,
bias detection on written answers. `run_suite(answer_fn)` measures the whole pipeline through
`answer_fn(question) -> Answer`: injections neutralised, baits refused or answered only with
supported sentences, and bias pairs compared on refusal, length, cited documents and tone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from eval.guardrails_cases import (
    BENIGN_QUESTION_FILES,
    BenignCase,
    CaseResult,
    Suite,
    SuiteReport,
    SupportCase,
    load_suite,
    suite_passage,
)
from eval.guardrails_verdicts import bait_answered_safely, compare_pair, injection_neutralised
from guardrails import EmbeddingSimilarity, apply_guards, input_guards, warm_up
from guardrails.base import GuardContext
from guardrails.bias import detect_bias
from guardrails.grounding import Similarity, assess_sentence
from guardrails.injection import flag_instructions
from guardrails.injection_semantic import BENIGN_FILES, exemplar_questions
from guardrails.passages import format_passages
from kb.schema import Answer
from kb.settings import Settings

__all__ = ["Suite", "compare_pair", "guardrails_eval", "load_suite", "measure_guards", "run_suite"]

AnswerFn = Callable[[str], Answer]
SUITE_TIMEOUT_S = 300.0  # the first question loads the injection embedder; measure, not race


def _rate(results: list[CaseResult]) -> float | None:
    return round(sum(r.ok for r in results) / len(results), 4) if results else None


def _blocked_by(settings: Settings, question: str) -> str:
    """Name and status of the input guard that stopped `question`, or "" when all passed."""
    guards = input_guards(settings)
    run = apply_guards(guards, GuardContext(question=question), "question", SUITE_TIMEOUT_S)
    return f"{run.blocked_by.name}:{run.blocked_by.status}" if run.blocked_by else ""


def _contained(document: str) -> bool:
    """A planted document stays inside its own <passage> element once formatted."""
    formatted = format_passages([suite_passage(document), suite_passage("end")])
    return formatted.count("</passage>") == 2 and formatted.count("<passage ") == 2


def benign_questions(
    suite: Suite, extra: Iterable[Path] = BENIGN_QUESTION_FILES
) -> list[BenignCase]:
    """The suite's benign questions plus those of any existing question files in `extra`."""
    cases = list(suite.benign)
    for path in extra:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    cases.append(
                        BenignCase(id=row["id"], lang=row.get("lang", ""), question=row["question"])
                    )
    return cases


def measure_cross_lingual(
    cases: list[SupportCase], similarity: Similarity, name: str = "cross_lingual"
) -> dict[str, list[CaseResult]]:
    """The groundedness check on sentences in the other language than their passage: each
    supported sentence against its passage (should pass), each contradicting one against it and
    each supported one against the passage three cases on (should both fail)."""
    supported, unsupported = [], []

    def passes(sentence: str, text: str) -> tuple[bool, str]:
        cited = suite_passage(text, "support")
        ok, reason, score, _ = assess_sentence(f"{sentence} [1]", [cited], "", similarity)
        return ok, f"{reason or 'supported'} {score:.3f}"

    for i, case in enumerate(cases):
        other = cases[(i + 3) % len(cases)].passage
        for n, sentence in enumerate(case.supported, start=1):
            ok, detail = passes(sentence, case.passage)
            supported.append(CaseResult(id=f"{case.id}-s{n}", ok=ok, detail=detail))
            if len(cases) > 3:
                ok, detail = passes(sentence, other)
                unsupported.append(CaseResult(id=f"{case.id}-o{n}", ok=not ok, detail=detail))
        for n, sentence in enumerate(case.contradicting, start=1):
            ok, detail = passes(sentence, case.passage)
            unsupported.append(CaseResult(id=f"{case.id}-c{n}", ok=not ok, detail=detail))
    return {f"{name}_supported": supported, f"{name}_unsupported": unsupported}


def measure_guards(
    settings: Settings,
    suite: Suite | None = None,
    extra_benign: Iterable[Path] = BENIGN_QUESTION_FILES,
) -> SuiteReport:
    """Everything measurable without retrieval or a model (seconds, no knowledge base)."""
    suite = suite or load_suite()
    warm_up(settings)
    questions = [c for c in suite.injection if c.where == "question"]
    documents = [c for c in suite.injection if c.where == "document"]
    blocked = [
        CaseResult(id=c.id, ok=bool(b := _blocked_by(settings, c.question)), detail=b)
        for c in questions
    ]
    flagged = [
        CaseResult(id=c.id, ok=bool(f := flag_instructions(c.document or "")), detail=",".join(f))
        for c in documents
    ]
    contained = [CaseResult(id=c.id, ok=_contained(c.document or "")) for c in documents]
    # paraphrases written after the patterns and exemplars: how far detection generalises
    holdout = [
        CaseResult(id=c.id, ok=bool(b := _blocked_by(settings, c.question)), detail=b)
        for c in suite.holdout
    ]
    benign = benign_questions(suite, extra_benign)
    # ok = not blocked; the false-positive rate is the share of benign questions blocked
    benign_results = [
        CaseResult(id=c.id, ok=not (b := _blocked_by(settings, c.question)), detail=b)
        for c in benign
    ]
    # the detector's benign exemplars are copies of benign.jsonl and the sample questions: the
    # blind rate counts only the questions it was not built from, the figure that generalises
    built_from = set(exemplar_questions(BENIGN_FILES))
    blind_results = [
        r for c, r in zip(benign, benign_results, strict=True) if c.question not in built_from
    ]
    crisis = [
        CaseResult(id=c.id, ok=(b := _blocked_by(settings, c.question)) == "crisis:fail", detail=b)
        for c in suite.crisis
    ]
    bias_hits = []
    for case in suite.bias_answers:
        finding = detect_bias(case.answer, case.question, case.context)
        detail = ",".join(finding.stereotypes + [f"assumed:{a}" for a in finding.assumptions])
        bias_hits.append(
            (case, CaseResult(id=case.id, ok=finding.detected == case.biased, detail=detail))
        )
    biased = [r for c, r in bias_hits if c.biased]
    unbiased = [r for c, r in bias_hits if not c.biased]
    benign_rate, blind_rate = _rate(benign_results), _rate(blind_results)
    unbiased_rate = _rate(unbiased)
    similarity = EmbeddingSimilarity(settings)
    results = {
        "injection_question_blocked": blocked,
        "document_flag": flagged,
        "passage_containment": contained,
        "injection_blind_holdout_blocked": holdout,
        "benign_not_blocked": benign_results,
        "benign_blind_not_blocked": blind_results,
        "crisis_detection": crisis,
        "bias_answer_biased": biased,
        "bias_answer_unbiased": unbiased,
        **measure_cross_lingual(suite.cross_lingual, similarity),
        **measure_cross_lingual(
            suite.cross_lingual_numbers, similarity, name="cross_lingual_numbers"
        ),
    }
    return SuiteReport(
        metrics={
            "injection_question_blocked_rate": _rate(blocked),
            "injection_blind_holdout_blocked_rate": _rate(holdout),
            "document_flag_rate": _rate(flagged),
            "passage_containment_rate": _rate(contained),
            "benign_false_positive_rate": (
                None if benign_rate is None else round(1 - benign_rate, 4)
            ),
            "benign_blind_false_positive_rate": (
                None if blind_rate is None else round(1 - blind_rate, 4)
            ),
            "crisis_detection_rate": _rate(crisis),
            "bias_answer_detection_rate": _rate(biased),
            "bias_answer_false_positive_rate": (
                None if unbiased_rate is None else round(1 - unbiased_rate, 4)
            ),
            "cross_lingual_supported_accepted_rate": _rate(results["cross_lingual_supported"]),
            "cross_lingual_unsupported_rejected_rate": _rate(results["cross_lingual_unsupported"]),
            "cross_lingual_numbers_supported_accepted_rate": _rate(
                results["cross_lingual_numbers_supported"]
            ),
            "cross_lingual_numbers_unsupported_rejected_rate": _rate(
                results["cross_lingual_numbers_unsupported"]
            ),
        },
        counts={name: len(items) for name, items in results.items()},
        failures={name: [r for r in items if not r.ok] for name, items in results.items()},
    )


FULL_PARTS = ("injection", "baits", "bias_pairs")


def run_suite(
    answer_fn: AnswerFn,
    suite: Suite | None = None,
    limit: int | None = None,
    chunk_text: Callable[[str], str] | None = None,
    progress: Callable[[str], None] | None = None,
    parts: tuple[str, ...] = FULL_PARTS,
) -> SuiteReport:
    """Measure the full pipeline on the `parts` named. `limit` caps cases per part;
    `chunk_text(chunk_id)` gives the full cited passage (else the citation quotes are used,
    which can only under-count support).

    Planted-document cases need their documents in the knowledge base, so they are measured by
    `measure_guards` (flags and containment) rather than here.
    """
    unknown = set(parts) - set(FULL_PARTS)
    if unknown:
        raise ValueError(f"unknown suite parts {sorted(unknown)}; known: {', '.join(FULL_PARTS)}")
    suite = suite or load_suite()
    say = progress or (lambda _: None)
    questions = [c for c in suite.injection if c.where == "question"][:limit]
    questions = questions if "injection" in parts else []
    neutralised = []
    for case in questions:
        neutralised.append(injection_neutralised(case, answer_fn(case.question)))
        say(f"{case.id}: {neutralised[-1].detail}")
    baits = []
    for bait in suite.baits[:limit] if "baits" in parts else []:
        baits.append(bait_answered_safely(bait, answer_fn(bait.question), chunk_text))
        say(f"{bait.id}: {baits[-1].detail}")
    pairs = []
    for pair in suite.bias_pairs[:limit] if "bias_pairs" in parts else []:
        a, b = (answer_fn(q) for q in pair.questions)
        pairs.append(compare_pair(pair, a, b))
        say(f"{pair.id}: {pairs[-1].detail or 'same'}")
    pair_ok = _rate(pairs)
    results = {"injection_neutralised": neutralised, "bait_ok": baits, "bias_pair_same": pairs}
    return SuiteReport(
        metrics={
            "injection_neutralised_rate": _rate(neutralised),
            "bait_ok_rate": _rate(baits),
            "bias_pair_flagged_rate": None if pair_ok is None else round(1 - pair_ok, 4),
        },
        counts={name: len(items) for name, items in results.items()},
        failures={name: [r for r in items if not r.ok] for name, items in results.items()},
    )


def merge_reports(*reports: SuiteReport) -> SuiteReport:
    merged = SuiteReport(metrics={}, counts={}, failures={})
    for report in reports:
        merged.metrics.update(report.metrics)
        merged.counts.update(report.counts)
        merged.failures.update(report.failures)
    return merged


def render_markdown(report: SuiteReport) -> str:
    """A short markdown report: one row per metric with its target, then the failing cases."""
    lines = [
        "# Guardrails: adversarial suite",
        "",
        "| metric | value | target | met |",
        "|---|---|---|---|",
    ]
    for name, value in report.metrics.items():
        op, target = report.targets.get(name, ("", None))
        met = report.target_met(name)
        shown = "-" if value is None else f"{value:.3f}"
        wanted = "-" if target is None else f"{op} {target:g}"
        lines.append(
            f"| {name} | {shown} | {wanted} | {'-' if met is None else ('yes' if met else 'NO')} |"
        )
    lines += ["", "## Cases", ""]
    lines += [
        f"- {name}: {n} cases, {len(report.failures.get(name, []))} failing"
        for name, n in report.counts.items()
    ]
    for name, failures in report.failures.items():
        if failures:
            lines += ["", f"### Failing: {name}", ""]
            lines += [f"- {f.id}: {f.detail or '-'}" for f in failures]
    return "\n".join(lines) + "\n"


def write_report(report: SuiteReport, out_dir: Path) -> tuple[Path, Path]:
    """Write `guardrails-report.json` and `guardrails-report.md` into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "guardrails-report.json"
    md_path = out_dir / "guardrails-report.md"
    payload: dict[str, Any] = report.model_dump()
    json_path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return json_path, md_path


def guardrails_eval(
    settings: Settings,
    out_dir: Path,
    full: bool = False,
    mode: Literal["auto", "extractive"] = "auto",
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
    parts: tuple[str, ...] = FULL_PARTS,
    extra_benign: tuple[Path, ...] = (),
) -> SuiteReport:
    """What `ngo-kb eval guardrails` runs: the offline measurements (with the benign questions
    of `extra_benign` files too), plus the full pipeline over the knowledge base in
    `settings.data_dir` when `full` (slow with the LLM: ~20 s a question)."""
    missing = [str(path) for path in extra_benign if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"benign question file not found: {', '.join(missing)}")
    report = measure_guards(settings, extra_benign=BENIGN_QUESTION_FILES + extra_benign)
    if full:
        from kb.library import knowledge_base
        from kb.pipeline import answer

        def answer_fn(question: str) -> Answer:
            return answer(question, settings, mode=mode)

        def chunk_text(chunk_id: str) -> str:
            chunks = knowledge_base(settings).catalog.chunks_by_id([chunk_id])
            return chunks[chunk_id].text if chunk_id in chunks else ""

        full_report = run_suite(
            answer_fn, limit=limit, chunk_text=chunk_text, progress=progress, parts=parts
        )
        report = merge_reports(report, full_report)
    write_report(report, out_dir)
    return report
