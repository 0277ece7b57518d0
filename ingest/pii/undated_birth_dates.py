"""Full dates that could be the writer's own birth date, found without a birth cue.

A person writing to us (a question, a feedback note) who gives a full date with a year 12 to
110 years back is most likely giving a birth date ("民國79年1月2日，可以申請嗎？"): such a date is
removed even without a cue. Documents keep their dates: their full dates are mostly events, and
the cue-based DateOfBirthRecognizer finds their birth dates.
"""

from __future__ import annotations

import datetime

import regex

from ingest.pii.recognizers._common import NO_DIGIT_AFTER, NO_DIGIT_BEFORE
from ingest.pii.recognizers.date_of_birth import FULL_DATE, plausible_day_and_month

# Ages a birth date in a message can give: a child's own message at the young end.
MIN_AGE_YEARS = 12
MAX_AGE_YEARS = 110
# 民國 (Republic of China) years count from 1912; a year of two or three digits is one of them.
_ROC_OFFSET = 1911
_DATE = regex.compile(rf"{NO_DIGIT_BEFORE}{FULL_DATE}{NO_DIGIT_AFTER}")
_NUMBER = regex.compile(r"[0-9]+")


def _year(date_text: str) -> int | None:
    numbers = _NUMBER.findall(date_text)
    four_digit = [int(n) for n in numbers if len(n) == 4]
    if four_digit:
        return four_digit[0]
    # No four-digit year: the first number is a 民國 year ("79年1月2日", "79/1/2").
    first = numbers[0] if numbers else ""
    return int(first) + _ROC_OFFSET if len(first) in (2, 3) else None


def undated_birth_dates(text: str, today: datetime.date | None = None) -> list[tuple[int, int]]:
    """(start, end) of each full date in `text` whose year is a plausible birth year."""
    this_year = (today or datetime.date.today()).year
    spans = []
    for match in _DATE.finditer(text):
        value = match.group().strip()
        year = _year(value)
        if year is None or plausible_day_and_month(value) is False:
            continue
        if this_year - MAX_AGE_YEARS <= year <= this_year - MIN_AGE_YEARS:
            start = match.start() + (len(match.group()) - len(match.group().lstrip()))
            spans.append((start, start + len(value)))
    return spans
