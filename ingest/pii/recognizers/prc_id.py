"""Mainland China resident ID (居民身份證), 18 characters with a birth date and ISO 7064 check."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.checksums import prc_id_valid
from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_AFTER, NO_ALNUM_BEFORE


class PrcIdRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "prc_id",
            NO_ALNUM_BEFORE
            + r"[1-9][0-9]{5}(?:19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx]"
            + NO_ALNUM_AFTER,
            0.5,
        ),
    ]
    CONTEXT = ["身份證", "身分證", "居民身份證", "大陸", "prc", "resident id"]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "PRC_ID") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"PrcIdRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return prc_id_valid(pattern_text)
