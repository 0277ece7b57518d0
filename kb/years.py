"""The years a question asks about, and whether the passages mention any of them.

Asked about 2019 with passages about 2025, the answer quoted passages about 2025, which reads as
an answer for the wrong year.
"""

from __future__ import annotations

import re

from kb.schema import Passage
from kb.units import load_units

ROC_OFFSET = 1911  # 民國 113 年 is 2024
_WESTERN = r"(?:19|20)\d\d"
# A number written as an amount or a count ("NT$2000", "2000 元", "2000 people", "2000+") is not
# a year: the units of kb/units.toml's not_a_year checks, matched as the start of a word.
_UNIT_AFTER = rf"(?!\s*(?:{load_units().alternation('not_a_year')}|\+))"
_SIGN_BEFORE = "".join(re.escape(s.text) for _, s in load_units().spellings("not_a_year_before"))
_YEAR = re.compile(
    rf"(?<![\d{_SIGN_BEFORE}.,])({_WESTERN})(?![\d])(?![.,]\d){_UNIT_AFTER}", re.IGNORECASE
)
# 民國113年, 113年, 113 年度: three digits before 年 (two only after 民國, "30年" is a duration).
_ROC_YEAR = re.compile(r"(?:民國\s*(\d{2,3})|(?<![\d.])(1\d\d))\s*年")
# Without 民國, three digits are a duration or an ordinal after these ("保存120年", "第100年")
# or before these ("100年來", "120年內"); "113年以來" is a year.
_DURATION_BEFORE = re.compile(r"(?:滿|長達|達|超過|逾|近|約|共|保存|保留|成立|第)\s*$")
_DURATION_AFTER = re.compile(r"\s*(?:來|了(?!解)|以內|內(?!政)|以上|之久)")
_RANGE = re.compile(
    rf"(?<!\d)({_WESTERN})\s*(?:-|–|—|~|～|至|到|to|until)\s*({_WESTERN})(?!\d)", re.IGNORECASE
)
_FROM_BEFORE = re.compile(r"(?:\bsince|\bafter|\bfrom|自|從|自從)\s*(?:民國)?$")
_FROM_AFTER = re.compile(r"年?\s*(?:以來|以後|之後|後|起)")
_UNTIL_BEFORE = re.compile(r"(?:\bbefore|\bby|\buntil|\bthrough)\s*$")
_UNTIL_AFTER = re.compile(r"年?\s*(?:以前|之前|前)")


def roc_years_in(text: str) -> set[int]:
    """The years `text` writes as Republic of China years, converted (民國113年 -> 2024)."""
    years: set[int] = set()
    for match in _ROC_YEAR.finditer(text):
        if match.group(2) and (
            _DURATION_BEFORE.search(text[: match.start()])
            or _DURATION_AFTER.match(text, match.end())
        ):
            continue
        years.add(int(match.group(1) or match.group(2)) + ROC_OFFSET)
    return years


def years_in(text: str) -> set[int]:
    """The years `text` names, Republic of China years converted (民國113年 -> 2024)."""
    return {int(m.group(1)) for m in _YEAR.finditer(text)} | roc_years_in(text)


def years_covered(text: str) -> set[int]:
    """The years `text` names, with every year of a span ("2023-2025") included."""
    years = years_in(text)
    for match in _RANGE.finditer(text):
        first, last = sorted((int(match.group(1)), int(match.group(2))))
        years.update(range(first, last + 1))
    return years


def _bound(question: str, year: int) -> str:
    """How the question bounds the year: "from" ("since 2020", 2020年以來), "until" ("before
    2030", 2030年前) or "at"."""
    written = (str(year), str(year - ROC_OFFSET))
    for match in re.finditer("|".join(written), question):
        before = question[: match.start()].lower().rstrip()
        after = question[match.end() :].lstrip()
        if _FROM_BEFORE.search(before) or _FROM_AFTER.match(after):
            return "from"
        if _UNTIL_BEFORE.search(before) or _UNTIL_AFTER.match(after):
            return "until"
    return "at"


def _covers(year: int, bound: str, covered: set[int]) -> bool:
    """Whether a text covering `covered` speaks to `year` asked with `bound` (see `_bound`):
    "since 2020" is covered by any later year, "before 2030" by any earlier one."""
    if year in covered:
        return True
    if bound == "from":
        return any(y > year for y in covered)
    return bound == "until" and any(y < year for y in covered)


def passages_about_years(question: str, passages: list[Passage]) -> list[Passage]:
    """The passages that mention one of the question's years; all of them if it names none.

    A question about two years ("2024 and 2025") is served by a passage covering either.
    """
    bounds = {year: _bound(question, year) for year in years_in(question)}
    if not bounds:
        return passages
    about: list[Passage] = []
    for passage in passages:
        covered = years_covered(passage.chunk.text)
        if any(_covers(year, bound, covered) for year, bound in bounds.items()):
            about.append(passage)
    return about
