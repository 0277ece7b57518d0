"""Dates of birth: a full date only when a birth cue (出生, 生日, DOB, born...) sits next to it."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_DIGIT_AFTER, NO_DIGIT_BEFORE

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
FULL_DATE = (
    r"(?:"
    r"(?:民國|西元|ROC\s?)?\s?[0-9]{2,4}\s?年\s?[0-9]{1,2}\s?月\s?[0-9]{1,2}\s?[日號]?"
    r"|[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"
    r"|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}"
    r"|(?:民國|ROC\s?)?[0-9]{2,3}[/.][0-9]{1,2}[/.][0-9]{1,2}"
    rf"|[0-9]{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTHS},?\s+[0-9]{{4}}"
    rf"|{_MONTHS}\s+[0-9]{{1,2}}{_ORD},?\s+[0-9]{{4}}"
    r")"
)
# "我民國79年1月2日…" or "本人1990/01/02…": a full date right after "I" is the writer's own.
_CUE_BEFORE = (
    r"(?:出生日期|出生年月日|出生於|出生|生日|生於|誕生於|(?<![\p{Han}])我(?:是|在|於)?|本人|"
    r"(?i:d\.?o\.?b\.?|date\s+of\s+birth|birth\s?date|birthday|born(?:\s+on)?))"
)
_GLUE = r"\s*(?:[:：]|為|是|在|於)?\s*(?:\(|（)?\s*"
# "…生的", "…生，" but not 生效 (takes effect), 生活, 生產, 生病.
_CUE_AFTER = r"\s*(?:\)|）)?\s*(?:出生|生(?![效活產命態病涯物意])|誕生)"


# The characters a date can start with: checked first, so the cue look-behind and the date
# alternatives are only tried there.
_DATE_START = r"(?=[0-9民西RJFMASOND\s])"


class DateOfBirthRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "dob_cue_before",
            rf"{_DATE_START}(?<={_CUE_BEFORE}{_GLUE}){NO_DIGIT_BEFORE}{FULL_DATE}{NO_DIGIT_AFTER}",
            0.7,
        ),
        Pattern(
            "dob_cue_after",
            rf"{_DATE_START}{NO_DIGIT_BEFORE}{FULL_DATE}{NO_DIGIT_AFTER}(?={_CUE_AFTER})",
            0.7,
        ),
    ]
    CONTEXT = ["出生", "生日", "dob", "birth", "born"]

    def __init__(
        self, supported_language: str = "zh", supported_entity: str = "DATE_OF_BIRTH"
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"DateOfBirthRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        return plausible_day_and_month(pattern_text)


def plausible_day_and_month(date_text: str) -> bool | None:
    """False when the numbers of a full date cannot be a day and a month; None when the month
    is written out (two numbers left: day and year, nothing more to check)."""
    numbers = [int(n) for n in regex.findall(r"[0-9]+", date_text)]
    if len(numbers) < 3:
        return None
    small = [n for n in numbers if n <= 31]
    return all(1 <= n <= 31 for n in small) and any(1 <= n <= 12 for n in small)
