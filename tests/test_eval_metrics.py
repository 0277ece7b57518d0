"""Metric functions and per-question scoring on hand-built answers and passages."""

from __future__ import annotations

import json

import pytest

from eval import metrics
from eval.dataset import EvalQuestion, load_questions
from eval.scoring import score_question, summarise, summarise_by_language
from kb.schema import Audience, GuardVerdict
from tests.test_eval_factories import answer, citation, passage


@pytest.mark.parametrize(
    ("haystack", "needle", "found"),
    [
        ("IBM 承諾在 2028 年前\n培訓 200 萬名學習者", "2028年前培訓200萬", True),
        ("the Employment\nRights  Bill", "employment rights bill", True),
        ("\u2f64 NFKC", "用nfkc", True),  # Kangxi radical U+2F64 is 用 after NFKC
        ("2028年前培訓100萬", "2028年前培訓200萬", False),
        ("anything", "", False),
    ],
)
def test_contains(haystack: str, needle: str, found: bool) -> None:
    assert metrics.contains(haystack, needle) is found


def test_evidence_rank_hit_and_reciprocal_rank() -> None:
    texts = ["無關的段落", "另一段", "NTEN 成立於 2000 年"]
    rank = metrics.evidence_rank("NTEN成立於2000年", texts)
    assert rank == 3
    assert metrics.reciprocal_rank(rank) == pytest.approx(1 / 3)
    assert metrics.hit_at_k(rank, 3) and not metrics.hit_at_k(rank, 2)
    assert metrics.evidence_rank("不存在", texts) is None
    assert metrics.reciprocal_rank(None) == 0.0


def test_facts_found_needs_one_spelling_of_each_fact() -> None:
    expected = [["2028"], ["200 萬", "2 million"]]
    assert metrics.facts_found(expected, "By 2028, 2 Million learners") == [True, True]
    assert metrics.facts_found(expected, "到2028年培訓100萬人") == [True, False]


def test_a_number_fact_matches_its_value_in_any_script() -> None:
    expected = [["200,000"], ["50%"], ["3.5 hours", "3.5小時"]]
    assert metrics.facts_found(expected, "補助二十萬元，約百分之五十 [1]") == [True, True, False]
    assert metrics.facts_found(expected, "2,000,000 元，5% [1]") == [False, False, False]
    # a fact with words is not reduced to its number
    assert metrics.facts_found([["3.5 hours"]], "3.5 million people") == [False]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("IBM SkillsBuild 計畫承諾在 2028 年前培訓 200 萬名學習者 [1]", "zh-TW"),
        ("報告提到台灣的資料 [2]", "zh-TW"),
        ("这份报告显示数据转型后，每月处理的票据数量增加了", "zh-CN"),
        ("The pilot pays 1,600 pounds a month to care leavers turning 18 [1].", "en"),
        ("The report names 社區轉型中心 as the first of five strategies [1].", "en"),
        ("[1] 2028", "und"),
    ],
)
def test_answer_language(text: str, language: str) -> None:
    assert metrics.answer_language(text) == language


def test_language_matches() -> None:
    assert metrics.language_matches("zh-TW", "zh-TW")
    assert not metrics.language_matches("zh-TW", "zh-CN")
    assert metrics.language_matches("zh", "zh-CN")
    assert not metrics.language_matches("en", "zh-TW")


def test_unsupported_rate_reads_the_groundedness_verdict() -> None:
    assert metrics.unsupported_sentence_rate(answer("x", groundedness=0.75)) == pytest.approx(0.25)
    assert metrics.unsupported_sentence_rate(answer("x")) is None


def test_percentile() -> None:
    assert metrics.percentile([10.0, 20.0, 30.0, 40.0], 50) == pytest.approx(25.0)
    assert metrics.percentile([1.0] * 19 + [100.0], 95) == pytest.approx(5.95)
    assert metrics.percentile([], 50) is None


QUESTION = EvalQuestion(
    id="q1",
    question="NTEN 是哪一年成立的？",
    lang="zh-TW",
    evidence="NTEN成立於2000年",
    expected=[["2000"]],
)
UNANSWERABLE = EvalQuestion(id="q2", question="保留幾年？", lang="zh-TW", answerable=False)
PASSAGES = [
    passage("c1", "會議在波特蘭舉行"),
    passage("c2", "NTEN 成立於\n2000 年，總部位於波特蘭"),
]


def test_score_good_answer_passes() -> None:
    good = answer(
        "NTEN 成立於 2000 年 [1]", [citation(1, "c2", "成立於 2000 年")], groundedness=1.0
    )
    result = score_question(QUESTION, Audience.STAFF, PASSAGES, good, k=2)
    assert result.evidence_rank == 2 and result.hit and result.reciprocal_rank == 0.5
    # The citation's quote lacks the evidence but the cited chunk's full text holds it.
    assert result.evidence_cited and result.citation_precision == 1.0
    assert result.key_facts_ok and result.language_ok and result.unsupported_rate == 0.0
    assert result.passed, result.failures


def test_score_bad_answer_lists_each_failure() -> None:
    bad = answer("这是一个成立很久的组织 [1]", [citation(1, "c1", "波特蘭")], groundedness=0.5)
    result = score_question(QUESTION, Audience.STAFF, PASSAGES, bad, k=1)
    assert result.hit is False
    assert result.evidence_cited is False and result.citation_precision == 0.0
    assert result.key_facts_ok is False
    assert result.answer_language == "zh-CN" and not result.language_ok
    text = " | ".join(result.failures)
    for reason in ("top 1", "no citation holds", "missing key facts: 2000", "zh-CN", "50%"):
        assert reason in text


def test_score_refusals() -> None:
    refusal = answer("文件中沒有相關資料。", refused=True)
    right = score_question(UNANSWERABLE, Audience.STAFF, PASSAGES, refusal, k=5)
    assert right.passed and right.refused
    refusal.guardrails.append(GuardVerdict(name="injection", status="error", detail="timed out"))
    wrong = score_question(QUESTION, Audience.STAFF, PASSAGES, refusal, k=5)
    assert wrong.guard_issues == ["injection: error (timed out)"]
    assert any("injection: error (timed out)" in f for f in wrong.failures)
    assert wrong.refused and not wrong.passed
    assert any("refused an answerable" in f for f in wrong.failures)
    answered = score_question(UNANSWERABLE, Audience.STAFF, PASSAGES, answer("五年 [1]"), k=5)
    assert "answered an unanswerable question" in answered.failures


def test_language_is_not_judged_on_an_answer_without_words() -> None:
    bare = score_question(QUESTION, Audience.STAFF, PASSAGES, answer("2000 [1]"), k=5)
    assert bare.answer_language == "und" and bare.language_ok is None
    assert not any("language" in f for f in bare.failures)
    assert summarise([bare], k=5).language_match is None


def test_score_error_without_answer() -> None:
    result = score_question(QUESTION, Audience.STAFF, PASSAGES, None, k=5, error="RuntimeError")
    assert result.error == "RuntimeError" and not result.passed
    assert result.key_facts_ok is False


def test_summarise_denominators() -> None:
    english = QUESTION.model_copy(update={"id": "q3", "lang": "en"})
    results = [
        score_question(
            QUESTION,
            Audience.STAFF,
            PASSAGES,
            answer("2000 年 [1]", [citation(1, "c2", "")]),
            2,
            {"retrieval": 10.0, "first_token": 100.0, "total": 200.0},
        ),
        score_question(
            english,
            Audience.STAFF,
            PASSAGES[:1],
            answer("It was 1999."),
            2,
            {"retrieval": 30.0, "first_token": 300.0, "total": 400.0},
        ),
        score_question(
            UNANSWERABLE,
            Audience.STAFF,
            PASSAGES,
            answer("無", refused=True),
            2,
            {"retrieval": 20.0, "first_token": 5.0, "total": 5.0},
        ),
    ]
    summary = summarise(results, k=2)
    assert (summary.questions, summary.answerable, summary.unanswerable) == (3, 2, 1)
    assert summary.hit_at_k == pytest.approx(0.5)
    assert summary.mrr == pytest.approx(0.25)
    assert summary.key_fact_accuracy == pytest.approx(0.5)
    assert summary.refusal_accuracy == 1.0 and summary.false_refusal_rate == 0.0
    assert summary.evidence_cited == pytest.approx(0.5)
    assert summary.retrieval_p50_ms == pytest.approx(20.0)
    assert summary.passed == 2
    by_language = summarise_by_language(results, k=2)
    assert set(by_language) == {"en", "zh-TW"}
    assert by_language["en"].hit_at_k == 0.0 and by_language["zh-TW"].hit_at_k == 1.0


def test_load_questions_reads_the_seed_format(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "q.jsonl"
    rows = [
        QUESTION.model_dump(exclude={"audience"}),
        {**UNANSWERABLE.model_dump(), "audience": "public"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n")
    questions = load_questions(path)
    assert [q.id for q in questions] == ["q1", "q2"]
    assert questions[1].audience is Audience.PUBLIC and not questions[1].answerable
    path.write_text(json.dumps(rows[0]) + "\n" + json.dumps(rows[0]) + "\n")
    with pytest.raises(ValueError, match="unique"):
        load_questions(path)
    path.write_text('{"id": "x"}\n')
    with pytest.raises(ValueError, match=":1:"):
        load_questions(path)
