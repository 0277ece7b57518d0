"""Thai personal names in Thai script after an honorific ("นางสาวสมหญิง ใจดี", "นาย สมชาย"): the
given name, and the surname when a space separates it. Words that merely start with an
honorific's letters (นายจ้าง employer, นางพยาบาล nurse) are refused; lists in th_names.toml.
Thai writes no space between words, so a Thai letter may come right before the honorific.
Romanised names after "Khun" are found in any script."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS
from ingest.pii.recognizers._names import LATIN_WORD, NOT_BEFORE_LATIN, load

_DATA = load("th_names.toml")
_HONORIFIC = "|".join(regex.escape(h) for h in sorted(_DATA["honorifics"], key=len, reverse=True))
_NOT_AFTER = "|".join(regex.escape(w) for w in _DATA["not_names_after"])
# A consonant or a leading vowel (เ แ โ ใ ไ) first.
_THAI_WORD = r"[\u0E01-\u0E2E\u0E40-\u0E44][\u0E01-\u0E4E]+"
_LATIN_CUE = "|".join(regex.escape(c) for c in _DATA["latin_cues"])


class ThaiNameRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "th_honorific_name",
            rf"(?<=(?:{_HONORIFIC})[ \t]?)(?!{_NOT_AFTER})"
            rf"{_THAI_WORD}(?:[ \t]{_THAI_WORD})?",
            0.7,
        ),
        Pattern(
            "th_khun_latin_name",
            rf"(?<=(?<![A-Za-z])(?:{_LATIN_CUE})\s)(?:{LATIN_WORD})(?: (?:{LATIN_WORD}))?"
            rf"{NOT_BEFORE_LATIN}",
            0.6,
        ),
    ]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "PERSON") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            supported_language=supported_language,
            name=f"ThaiNameRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )
