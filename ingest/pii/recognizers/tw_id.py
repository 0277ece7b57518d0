"""Taiwan national ID number (身分證字號), validated by its check digit."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.checksums import tw_national_id_valid
from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_AFTER, NO_ALNUM_BEFORE


class TwNationalIdRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("tw_id", NO_ALNUM_BEFORE + r"[A-Za-z][12][0-9]{8}" + NO_ALNUM_AFTER, 0.5),
    ]
    CONTEXT = ["身分證", "身份證", "統一編號", "證號", "national id", "id number", "id"]

    def __init__(
        self, supported_language: str = "zh", supported_entity: str = "TW_NATIONAL_ID"
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"TwNationalIdRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return tw_national_id_valid(pattern_text)
