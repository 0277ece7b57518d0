"""Reading level of a shown answer, by its language, and its summary per answer language.

English: textstat's Flesch reading ease and Flesch-Kincaid grade. Chinese: characters per
sentence and the share of characters outside the Ministry of Education's 4,808 common ones.
Thai: characters per sentence. Every other language: words per sentence. Citations and quote
marks are left out first; a refusal is not measured (the summary counts refusals apart).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import nltk
import textstat
from pydantic import BaseModel, Field

from eval import metrics
from guardrails import to_traditional
from guardrails.sentences import split_sentences, strip_citations
from kb.language import HAN_CHAR, is_chinese

if TYPE_CHECKING:
    from eval.results import QuestionResult

# 常用國字標準字體表 (Taiwan's Ministry of Education, 1982), the list taught in Taiwan's schools;
# a list of Traditional characters, so it fits zh-TW answers better than jieba's dictionary
# frequencies (mostly Simplified, with mis-encoded characters among its 4,808 most frequent).
COMMON_CHARS_FILE = Path(__file__).with_name("common_chars_zh_tw.txt")
# textstat 0.7.13 counts syllables with CMUdict, which nltk downloads at first use (offline it
# fails, and figures would depend on whether a download once worked). An empty CMUdict in this
# folder makes textstat count every word's syllables with pyphen's hyphenation dictionary,
# bundled in its wheel, as textstat did up to 0.7.4.
_NLTK_DATA = Path(__file__).with_name("nltk_data")

# Quote marks around words the answer quotes; an apostrophe inside a word stays.
_QUOTE_MARKS = re.compile(r"[\"“”„「」『』«»]")
_WORD = re.compile(r"\w+")
# Thai writes no full stop: a space ends a sentence or a clause.
_THAI_BREAK = re.compile(r"\s+")


class Readability(BaseModel):
    """How hard one answer is to read; a measure that does not apply to its language is None."""

    language: str
    sentences: int
    words_per_sentence: float | None = Field(None, description="en, vi, id, tl and others")
    flesch_reading_ease: float | None = Field(None, description="en: higher is easier")
    grade_level: float | None = Field(None, description="en: Flesch-Kincaid US school grade")
    chars_per_sentence: float | None = Field(None, description="zh and th: letters per sentence")
    uncommon_char_share: float | None = Field(
        None, description="zh: share of Han characters outside the 4,808 common ones"
    )


class ReadingLevel(BaseModel):
    """The mean of each measure over the answers of one language and audience."""

    language: str
    audience: str
    answers: int = Field(0, description="answers measured")
    refused: int = Field(0, description="refusals, not measured")
    words_per_sentence: float | None = None
    flesch_reading_ease: float | None = None
    grade_level: float | None = None
    chars_per_sentence: float | None = None
    uncommon_char_share: float | None = None


MEASURES = (
    "words_per_sentence",
    "flesch_reading_ease",
    "grade_level",
    "chars_per_sentence",
    "uncommon_char_share",
)


def plain_text(answer: str) -> str:
    """The answer as a reader reads it: without [n] citations and quote marks."""
    return _QUOTE_MARKS.sub("", strip_citations(answer))


@cache
def common_chars() -> frozenset[str]:
    lines = COMMON_CHARS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def _pyphen_syllables() -> None:
    if str(_NLTK_DATA) not in nltk.data.path:
        nltk.data.path.insert(0, str(_NLTK_DATA))


def _letters(text: str) -> int:
    """Letters, digits and combining marks (Thai vowels and tones): no spaces or punctuation."""
    return sum(unicodedata.category(c)[0] in "LNM" for c in text)


def _mean(values: Sequence[float]) -> float | None:
    mean = metrics.mean(values)
    return None if mean is None else round(mean, 3)


def _english(text: str, sentences: list[str]) -> Readability:
    _pyphen_syllables()
    return Readability(
        language="en",
        sentences=len(sentences),
        words_per_sentence=_mean([len(_WORD.findall(s)) for s in sentences]),
        flesch_reading_ease=round(float(textstat.flesch_reading_ease(text)), 2),
        grade_level=round(float(textstat.flesch_kincaid_grade(text)), 2),
    )


def _chinese(text: str, sentences: list[str], language: str) -> Readability:
    # The list is of Traditional characters: a Simplified answer is compared in Traditional.
    han = HAN_CHAR.findall(to_traditional(unicodedata.normalize("NFKC", text)))
    common = common_chars()
    return Readability(
        language=language,
        sentences=len(sentences),
        chars_per_sentence=_mean([_letters(s) for s in sentences]),
        uncommon_char_share=_mean([c not in common for c in han]) if han else None,
    )


def _thai(sentences: list[str]) -> Readability:
    parts = [p for s in sentences for p in _THAI_BREAK.split(s) if _letters(p)]
    return Readability(
        language="th",
        sentences=len(parts),
        chars_per_sentence=_mean([_letters(p) for p in parts]),
    )


def _spaced(sentences: list[str], language: str) -> Readability:
    # Vietnamese writes a space between syllables: its "words" are syllables.
    return Readability(
        language=language,
        sentences=len(sentences),
        words_per_sentence=_mean([len(_WORD.findall(s)) for s in sentences]),
    )


def measure(answer: str, language: str) -> Readability | None:
    """The reading level of `answer`, written in `language` (BCP-47); None without words."""
    text = plain_text(answer).strip()
    sentences = [s for s in split_sentences(text) if _letters(s)]
    if not sentences:
        return None
    if language == "en":
        return _english(text, sentences)
    if is_chinese(language):
        return _chinese(text, sentences, language)
    if language == "th":
        return _thai(sentences)
    return _spaced(sentences, language)


def measured_language(result: QuestionResult) -> str:
    """The language an answer is measured in: as detected, else the question's."""
    return result.answer_language if result.answer_language != "und" else result.lang


def of_result(result: QuestionResult) -> Readability | None:
    """A shown answer's reading level: as the run saved it, or measured from its text (runs
    saved before it was measured)."""
    if result.error is not None or result.refused:
        return None
    return result.readability or measure(result.answer, measured_language(result))


def summarise(results: Sequence[QuestionResult]) -> list[ReadingLevel]:
    """One row per answer language and audience, refusals counted under the question's."""
    rows: dict[tuple[str, str], ReadingLevel] = {}
    measured: dict[tuple[str, str], list[Readability]] = {}
    for r in results:
        if r.error is not None:
            continue
        level = of_result(r)
        key = (measured_language(r) if level else r.lang, str(r.audience))
        row = rows.setdefault(key, ReadingLevel(language=key[0], audience=key[1]))
        if level is None:
            row.refused += r.refused
            continue
        row.answers += 1
        measured.setdefault(key, []).append(level)
    for key, levels in measured.items():
        for name in MEASURES:
            values = [v for v in (getattr(x, name) for x in levels) if v is not None]
            setattr(rows[key], name, _mean(values))
    return [rows[key] for key in sorted(rows)]
