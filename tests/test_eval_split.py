"""The question categories and the committed tuning/blind split of the development set."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.dataset import EvalQuestion, load_questions
from eval.split import load_split, make_split, question_category, select
from kb.language import detect_language
from tests.conftest import SHARED

DEV_QUESTIONS = SHARED / "eval" / "dev-questions.jsonl"


@pytest.mark.parametrize(
    ("lang", "answerable", "document_lang", "category"),
    [
        ("zh-TW", True, "zh-TW", "zh-TW"),
        ("en", True, "en", "en"),
        ("en", True, "zh-TW", "cross-language"),
        ("zh-TW", True, "en", "cross-language"),
        ("vi", True, "zh-TW", "other-languages"),
        ("tl", True, "en", "other-languages"),
        ("zh-TW", False, None, "unanswerable"),
        ("en", False, "en", "unanswerable"),
    ],
)
def test_category_follows_question_and_document_language(
    lang: str, answerable: bool, document_lang: str | None, category: str
) -> None:
    assert question_category(lang, answerable, document_lang) == category


def _q(qid: str, lang: str, source: str | None, answerable: bool = True) -> EvalQuestion:
    return EvalQuestion(id=qid, question="?", lang=lang, source=source, answerable=answerable)


def test_split_alternates_within_each_category() -> None:
    questions = [
        _q("a1", "en", "en.md"),
        _q("a2", "en", "en.md"),
        _q("a3", "en", "en.md"),
        _q("b1", "en", "zh.txt"),
        _q("b2", "en", "zh.txt"),
        _q("c1", "zh-TW", None, answerable=False),
    ]
    split = make_split(questions, lambda name: "zh-TW" if "zh" in name else "en", "x")
    assert split.tuning == ["a1", "a3", "b1", "c1"]
    assert split.blind == ["a2", "b2"]
    assert [q.id for q in select(questions, split, "blind")] == ["a2", "b2"]
    with pytest.raises(ValueError, match="does not list: z9"):
        select([*questions, _q("z9", "en", None)], split, "tuning")


def test_committed_split_is_the_rule_applied_to_the_development_set() -> None:
    if not DEV_QUESTIONS.is_file():
        pytest.skip(f"the development set is not present at {DEV_QUESTIONS}")
    questions = load_questions(DEV_QUESTIONS)
    corpus = {p.name: p for p in (SHARED / "corpus").glob("*/*")}

    def document_lang(name: str) -> str:
        return detect_language(Path(corpus[name]).read_text(encoding="utf-8")[:4000])

    committed = load_split()
    assert make_split(questions, document_lang, "dev-questions.jsonl") == committed
    assert not set(committed.tuning) & set(committed.blind)
    assert set(committed.tuning) | set(committed.blind) == {q.id for q in questions}
    assert abs(len(committed.tuning) - len(committed.blind)) <= 5
