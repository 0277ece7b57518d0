"""Taiwan mobile (09xx-xxx-xxx) and landline ((02)2345-6789) numbers, +886 forms too."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_DIGIT_AFTER

_SEP = r"[-\s.]?"
_INTL = r"(?:\(?(?:\+|00)886\)?[-\s]?)"
_LOCAL0 = r"(?<![+0-9])0"


class TwPhoneRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "tw_mobile",
            rf"(?:{_INTL}|{_LOCAL0})9[0-9]{{2}}{_SEP}[0-9]{{3}}{_SEP}[0-9]{{3}}" + NO_DIGIT_AFTER,
            0.6,
        ),
        Pattern(
            "tw_landline",
            rf"(?:\(0[2-8][0-9]{{0,2}}\)\s?|{_LOCAL0}[2-8][0-9]{{0,2}}[-\s]|"
            rf"{_INTL}\(?[2-8][0-9]{{0,2}}\)?[-\s]?)[0-9]{{3,4}}[-\s]?[0-9]{{4}}" + NO_DIGIT_AFTER,
            0.6,
        ),
        Pattern("tw_landline_compact", _LOCAL0 + r"[2-8][0-9]{7,8}" + NO_DIGIT_AFTER, 0.4),
    ]
    CONTEXT = ["電話", "手機", "聯絡", "市話", "分機", "phone", "mobile", "tel", "call", "cell"]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "PHONE") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"TwPhoneRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool:
        digits = "".join(c for c in pattern_text if c.isdigit())
        if digits.startswith("00886"):
            digits = "0" + digits[5:]
        elif digits.startswith("886"):
            digits = "0" + digits[3:]
        if digits.startswith("09"):
            return len(digits) == 10
        return len(digits) in (9, 10)
