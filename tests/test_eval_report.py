"""The HTML report, threshold checks and run comparison, on a run built from hand-made answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.dataset import EvalQuestion
from eval.report import write_report
from eval.results import RunConfig, RunResult, load_run
from eval.scoring import score_question, summarise, summarise_by_category, summarise_by_language
from eval.tables import compare, summary
from eval.thresholds import Bounds, Thresholds, check_thresholds, load_thresholds
from kb.schema import Audience
from tests.test_eval_factories import answer, citation, passage, resource_references

HOSTILE = '<script>alert("x")</script>'


def _run(good: bool, mode: str = "extractive") -> RunResult:
    questions = [
        EvalQuestion(
            id="zh1",
            question="NTEN 何時成立？",
            lang="zh-TW",
            evidence="成立於2000年",
            expected=[["2000"]],
        ),
        EvalQuestion(
            id="en1",
            question=f"Which bills? {HOSTILE}",
            lang="en",
            evidence="Employment Rights Bill",
            expected=[["Employment Rights"]],
        ),
        EvalQuestion(id="no1", question="保留幾年？", lang="zh-TW", answerable=False),
    ]
    passages = [
        passage("c1", "NTEN 成立於 2000 年"),
        passage(
            "c2",
            f"the Employment Rights Bill {HOSTILE} <img src=https://example.org/x.png>",
            file_name="uk&<bills>.txt",
        ),
    ]
    answers = [
        answer("NTEN 成立於 2000 年 [1]", [citation(1, "c1", "成立於 2000 年")]),
        answer(
            "The Employment Rights Bill [1]." if good else f"I do not know {HOSTILE}",
            [citation(1, "c2" if good else "c1", "Employment Rights")],
        ),
        answer("文件沒有提到。", refused=True),
    ]
    results = [
        score_question(
            q,
            Audience.STAFF,
            passages,
            a,
            2,
            {"retrieval": 12.0 + i, "first_token": 50.0, "total": 900.0 * (i + 1)},
        )
        for i, (q, a) in enumerate(zip(questions, answers, strict=True))
    ]
    for result, category in zip(results, ("zh-TW", "en", "unanswerable"), strict=True):
        result.category = category
    config = RunConfig(
        questions_path="q.jsonl",
        questions_sha256="0" * 64,
        mode=mode,
        audience=Audience.STAFF,
        started_at="2026-01-01T00:00:00+00:00",
        machine={"nproc": "2"},
    )
    return RunResult(
        config=config,
        overall=summarise(results, 2),
        by_language=summarise_by_language(results, 2),
        by_category=summarise_by_category(results, 2),
        questions=results,
    )


def test_report_is_self_contained_and_escaped(tmp_path: Path) -> None:
    path = write_report(_run(good=False), tmp_path / "report.html")
    html = path.read_text(encoding="utf-8")
    # Nothing is fetched: no element or attribute that loads a resource; passage text holding a
    # URL or markup appears only escaped.
    assert resource_references(html) == []
    assert "&lt;script&gt;" in html and "&lt;img src=https://example.org/x.png&gt;" in html
    assert html.count("<svg") >= 3
    # The failing question shows its reasons, answer, citations and retrieved passages.
    assert 'id="en1"' in html and "missing key facts: Employment Rights" in html
    assert "uk&amp;&lt;bills&gt;.txt" in html
    # Summary and per-language columns.
    assert "<th>en</th>" in html and "<th>zh-TW</th>" in html and "hit_at_k" in html


def test_saved_run_round_trips(tmp_path: Path) -> None:
    run = _run(good=True)
    loaded = load_run(run.save(tmp_path / "runs" / "a.json"))
    assert loaded == run
    assert "成立於2000年" in (tmp_path / "runs" / "a.json").read_text(encoding="utf-8")


def test_check_thresholds_reports_each_broken_bound() -> None:
    thresholds = Thresholds(
        modes={
            "extractive": Bounds(
                min={"key_fact_accuracy": 0.9, "hit_at_k": 0.5},
                max={"total_p95_ms": 1000.0, "unsupported_sentence_rate": 0.1},
            )
        }
    )
    good, bad = _run(good=True), _run(good=False)
    assert check_thresholds(good, thresholds) == [
        f"total_p95_ms: {good.overall.total_p95_ms:.0f} > 1000 (max)",
        "unsupported_sentence_rate: not measured (needs max 0.1)",
    ]
    failures = check_thresholds(bad, thresholds)
    assert failures[0] == "key_fact_accuracy: 0.5 < 0.9 (min)"
    assert check_thresholds(_run(good=True, mode="auto"), thresholds) == [
        "no thresholds for mode 'auto'"
    ]


def test_shipped_thresholds_load_and_unknown_names_are_refused() -> None:
    shipped = load_thresholds()
    assert {"auto", "extractive"} <= set(shipped.modes)
    with pytest.raises(ValueError, match="hit_at_kk"):
        Bounds(min={"hit_at_kk": 0.5})


def test_compare_shows_changes_and_changed_questions() -> None:
    text = compare(_run(good=True), _run(good=False))
    line = next(row for row in text.splitlines() if row.startswith("key_fact_accuracy"))
    assert "1.000" in line and "0.500" in line and "-0.500 worse" in line
    assert "en1: pass -> fail" in text
    assert "zh1" not in text.split("questions whose outcome changed:")[1]


def test_summary_has_a_column_per_category_then_per_language() -> None:
    text = summary(_run(good=False))
    by_category, by_language, reading = (part.splitlines() for part in text.split("\n\n"))
    assert by_category[0].split() == ["metric", "overall", "zh-TW", "en", "unanswerable"]
    row = next(line.split() for line in by_category if line.startswith("key_fact_accuracy"))
    assert row[1:] == ["0.500", "1.000", "0.000", "-"]
    assert by_language[0].split() == ["metric", "overall", "en", "zh-TW"]
    row = next(line.split() for line in by_language if line.startswith("key_fact_accuracy"))
    assert row[1:] == ["0.500", "0.000", "1.000"]
    # Then the answers' reading level: a row per answer language, the refusal counted apart.
    assert reading[0].startswith("reading level")
    assert reading[1].split()[:4] == ["language", "audience", "answers", "refused"]
    assert [line.split()[:4] for line in reading[2:]] == [
        ["en", "staff", "1", "0"],
        ["zh-TW", "staff", "1", "1"],
    ]


def test_report_shows_the_category_table(tmp_path: Path) -> None:
    html = write_report(_run(good=False), tmp_path / "r.html").read_text(encoding="utf-8")
    section = html.split("Summary by question category")[1].split("Summary by question language")[0]
    assert "<th>unanswerable</th>" in section and "<th>cross-language</th>" not in section
