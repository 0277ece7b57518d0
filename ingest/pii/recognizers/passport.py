"""Passport numbers: letters and digits of passport length, only right after a passport cue
(護照, passport, "Passport no."), because on their own they look like any reference number."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_AFTER

_CUE = r"(?:護照|(?i:passport))"
# "護照號碼：", "Passport no. ", "passport number is", "護照(越南)號碼 " ...
_GLUE = (
    r"(?:\s*(?:[（(][^）)\n]{0,12}[）)]))?"
    r"\s*(?:號碼|號|字號|編號|(?i:no\.?|number|num\.?|#))?\s*(?:[:：#]|為|是|(?i:is))?\s*"
)
# Most passports: 1-2 letters and 6-8 digits, or 8-9 digits (US, TW), or 9 letters and digits.
_NUMBER = r"(?:[A-Za-z]{1,2}[0-9]{6,8}|[0-9]{8,9}|[A-Za-z0-9]{9})"


class PassportRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "passport_after_cue",
            # A letter or digit first, so the cue's look-behind runs only there.
            rf"(?=[A-Za-z0-9])(?<={_CUE}{_GLUE})(?<![A-Za-z0-9]){_NUMBER}{NO_ALNUM_AFTER}",
            0.7,
        ),
    ]
    CONTEXT = ["護照", "passport"]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "PASSPORT") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"PassportRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool:
        # Nine letters with no digit is a word ("passport CHECKLIST"), not a number.
        return sum(c.isdigit() for c in pattern_text) >= 6
