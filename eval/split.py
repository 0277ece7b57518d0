"""Question categories and the fixed tuning/blind split of a development set.

A question's category comes from its own language and its source document's language:
`zh-TW` (Chinese question, Chinese document), `en` (English question, English document),
`cross-language` (Chinese and English, either way), `other-languages` (a question in neither),
and `unanswerable`. The split rule, applied once and committed as data: within each category,
in id order, the 1st, 3rd, 5th ... question is for tuning, the 2nd, 4th, 6th ... is blind.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from eval.dataset import EvalQuestion
from kb.language import is_chinese

Part = Literal["tuning", "blind"]
CATEGORIES = ("zh-TW", "en", "cross-language", "other-languages", "unanswerable")
DEFAULT_SPLIT = Path(__file__).resolve().parent / "questions" / "dev-split.json"


def _half(lang: str) -> str | None:
    """'zh' or 'en' for the two halves of the library; None for any other language."""
    lang = lang.lower()
    if is_chinese(lang):
        return "zh"
    if lang == "en" or lang.startswith("en-"):
        return "en"
    return None


def question_category(lang: str, answerable: bool, document_lang: str | None) -> str:
    """The category of a question in `lang` whose answer is in a document in `document_lang`."""
    if not answerable:
        return "unanswerable"
    asked = _half(lang)
    if asked is None:
        return "other-languages"
    if document_lang is None or _half(document_lang) == asked:
        return "zh-TW" if asked == "zh" else "en"
    return "cross-language"


class Split(BaseModel):
    """Which question ids are for tuning and which are blind, and the rule that chose them."""

    questions: str
    rule: str
    tuning: list[str]
    blind: list[str]

    def ids(self, part: Part) -> set[str]:
        return set(self.tuning if part == "tuning" else self.blind)


def make_split(
    questions: Sequence[EvalQuestion], document_lang: Callable[[str], str | None], name: str
) -> Split:
    """Apply the fixed rule; `document_lang` maps a source file name to its language."""
    by_category: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    for q in sorted(questions, key=lambda q: q.id):
        doc_lang = document_lang(q.source) if q.source else None
        by_category[question_category(q.lang, q.answerable, doc_lang)].append(q.id)
    tuning = [i for ids in by_category.values() for i in ids[0::2]]
    blind = [i for ids in by_category.values() for i in ids[1::2]]
    rule = "within each category in id order: 1st, 3rd, ... tuning; 2nd, 4th, ... blind"
    return Split(questions=name, rule=rule, tuning=sorted(tuning), blind=sorted(blind))


def load_split(path: Path = DEFAULT_SPLIT) -> Split:
    return Split.model_validate_json(Path(path).read_text(encoding="utf-8"))


def select(questions: Sequence[EvalQuestion], split: Split, part: Part) -> list[EvalQuestion]:
    """The questions of one part; a question id the split does not know is an error."""
    known = set(split.tuning) | set(split.blind)
    unknown = sorted(q.id for q in questions if q.id not in known)
    if unknown:
        raise ValueError(f"the split {split.questions} does not list: {', '.join(unknown)}")
    wanted = split.ids(part)
    return [q for q in questions if q.id in wanted]


def save_split(split: Split, path: Path) -> Path:
    path.write_text(json.dumps(split.model_dump(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path
