"""Hong Kong identity card number, e.g. A123456(3), validated by its mod-11 check digit."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.checksums import hk_id_valid
from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_AFTER, NO_ALNUM_BEFORE


class HkIdRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "hk_id_brackets",
            NO_ALNUM_BEFORE + r"[A-Za-z]{1,2}[0-9]{6}\s?[(（][0-9Aa][)）]",
            0.6,
        ),
        Pattern(
            "hk_id_plain", NO_ALNUM_BEFORE + r"[A-Za-z]{1,2}[0-9]{6}[0-9Aa]" + NO_ALNUM_AFTER, 0.4
        ),
    ]
    CONTEXT = ["香港身份證", "香港身分證", "身份證", "hkid", "hong kong id", "identity card"]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "HK_ID") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"HkIdRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return hk_id_valid(pattern_text.replace("（", "(").replace("）", ")").replace(" ", ""))
