"""The adversarial suite: its size and shape, the offline measurements and the pipeline runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.guardrails_suite import (
    Suite,
    benign_questions,
    compare_pair,
    guardrails_eval,
    load_suite,
    measure_guards,
    run_suite,
)
from guardrails.injection_semantic import ATTACK_FILES, BENIGN_FILES, exemplar_questions
from kb.schema import Answer, Citation, Status
from kb.settings import Settings


@pytest.fixture(scope="module")
def suite() -> Suite:
    return load_suite()


def test_suite_sizes(suite: Suite) -> None:
    questions = [c for c in suite.injection if c.where == "question"]
    documents = [c for c in suite.injection if c.where == "document"]
    assert len(suite.injection) >= 50
    assert {c.lang for c in questions} == {"zh-TW", "en"} == {c.lang for c in documents}
    assert all(c.document for c in documents)
    assert len(suite.baits) >= 30
    assert {b.kind for b in suite.baits} == {"unanswerable", "false_premise", "number_not_in_docs"}
    assert len(suite.bias_pairs) >= 40
    assert len(suite.benign) >= 60
    assert len({c.id for c in suite.injection}) == len(suite.injection)
    assert len(suite.cross_lingual) >= 10
    assert sum(len(c.supported) for c in suite.cross_lingual) >= 30
    assert sum(len(c.contradicting) for c in suite.cross_lingual) >= 15
    assert sum(len(c.supported) for c in suite.cross_lingual_numbers) >= 20
    assert sum(len(c.contradicting) for c in suite.cross_lingual_numbers) >= 20


def test_blind_sets_are_not_the_detectors_exemplars(suite: Suite) -> None:
    # The hold-out attacks and the held-out benign sets measure generalisation only while the
    # semantic detector was not built from them (its exemplars are guardrails' own copies).
    exemplars = set(exemplar_questions(ATTACK_FILES + BENIGN_FILES))
    assert len(suite.holdout) >= 30
    blind_benign = [c for c in suite.benign if c.id.startswith(("benign-h", "benign-ml-"))]
    assert len(blind_benign) >= 50
    assert [c.id for c in suite.holdout + blind_benign if c.question in exemplars] == []
    assert all(path.parent.name == "exemplars" for path in ATTACK_FILES + BENIGN_FILES)


def test_bias_pairs_differ_only_in_the_group_term(suite: Suite) -> None:
    for pair in suite.bias_pairs:
        first, second = pair.questions
        assert first != second
        assert first.replace(pair.groups[0], pair.groups[1]) == second, pair.id


def test_offline_measurements_meet_targets(settings: Settings, suite: Suite) -> None:
    report = measure_guards(settings, suite)
    assert report.counts["benign_not_blocked"] >= 60
    # the blind rate counts only benign questions that are none of the detector's exemplars
    built_from = set(exemplar_questions(BENIGN_FILES))
    blind = [c for c in benign_questions(suite) if c.question not in built_from]
    assert 50 <= report.counts["benign_blind_not_blocked"] == len(blind)
    assert len(blind) < report.counts["benign_not_blocked"]
    missed = {name: [f.id for f in fails] for name, fails in report.failures.items() if fails}
    for name in report.metrics:
        if name in report.targets:
            assert report.target_met(name), (name, report.metrics[name], missed)
    assert report.metrics["injection_blind_holdout_blocked_rate"] is not None  # reported only


def _answer(text: str, refused: bool = False, docs: tuple[str, ...] = ("d1",)) -> Answer:
    citations = [
        Citation(
            n=i + 1, document=f"{d}.txt", location="p. 1", quote="q", doc_id=d, chunk_id=f"{d}-0"
        )
        for i, d in enumerate(docs)
    ]
    return Answer(
        question="q",
        answer=text,
        language="en",
        refused=refused,
        citations=citations,
        backend="extractive",
        model="none",
        status=Status.UNANSWERABLE_NOT_SUPPORTED if refused else Status.ANSWERED,
    )


def test_compare_pair_flags_answer_level_differences(suite: Suite) -> None:
    pair = suite.bias_pairs[0]
    same = compare_pair(pair, _answer("Training is offered [1]."), _answer("Training [1]."))
    assert same.ok
    refusal = compare_pair(pair, _answer("Training [1]."), _answer("No.", refused=True))
    assert not refusal.ok and "refusal" in refusal.detail
    docs = compare_pair(pair, _answer("A [1].", docs=("d1",)), _answer("B [1].", docs=("d2",)))
    assert not docs.ok and "documents" in docs.detail
    tone = compare_pair(
        pair, _answer("Training [1]."), _answer("Single parents are usually unreliable [1].")
    )
    assert not tone.ok and "stereotype" in tone.detail


@pytest.mark.timeout(2400)  # ingests the seed corpus; measured 7 min alone, 15+ on a busy box
def test_run_suite_with_the_real_pipeline(seeds_kb: Settings, tmp_path: Path) -> None:
    from kb.pipeline import answer

    def answer_fn(question: str) -> Answer:
        return answer(question, seeds_kb, mode="extractive")

    report = run_suite(answer_fn, limit=3)
    assert report.counts == {"injection_neutralised": 3, "bait_ok": 3, "bias_pair_same": 3}
    # extractive mode still runs the input guards: the injection questions are refused
    assert report.metrics["injection_neutralised_rate"] == 1.0
    for value in report.metrics.values():
        assert value is not None and 0.0 <= value <= 1.0


def test_guardrails_eval_writes_reports(settings: Settings, tmp_path: Path) -> None:
    extra = tmp_path / "more-benign.jsonl"
    extra.write_text('{"id": "x1", "question": "When does the office open?"}\n', "utf-8")
    report = guardrails_eval(settings, tmp_path / "out", extra_benign=(extra,))
    assert report.counts["benign_not_blocked"] == len(benign_questions(load_suite())) + 1
    with pytest.raises(FileNotFoundError, match="absent.jsonl"):
        guardrails_eval(settings, tmp_path / "out", extra_benign=(tmp_path / "absent.jsonl",))
    data = json.loads((tmp_path / "out" / "guardrails-report.json").read_text(encoding="utf-8"))
    markdown = (tmp_path / "out" / "guardrails-report.md").read_text(encoding="utf-8")
    assert data["metrics"] == report.metrics
    assert "| injection_question_blocked_rate |" in markdown


def test_run_suite_measures_only_the_parts_named() -> None:
    asked: list[str] = []

    def answer_fn(question: str) -> Answer:
        asked.append(question)
        return _answer("Training [1].")

    report = run_suite(answer_fn, limit=2, parts=("baits",))
    assert report.counts == {"injection_neutralised": 0, "bait_ok": 2, "bias_pair_same": 0}
    assert len(asked) == 2
    # "Training [1]." is not in the passage it cites: the report shows what was answered
    assert [f.detail for f in report.failures["bait_ok"]] == [
        "1 unsupported sentences; answered: Training [1]."
    ] * 2
    assert report.metrics["bias_pair_flagged_rate"] is None
    with pytest.raises(ValueError, match="unknown suite parts"):
        run_suite(answer_fn, parts=("bait",))
