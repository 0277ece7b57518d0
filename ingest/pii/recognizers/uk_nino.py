"""UK National Insurance numbers (QQ 12 34 56 C), with the prefixes HMRC never allocates
rejected."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_AFTER, NO_ALNUM_BEFORE

# First letter not D F I Q U V, second not D F I O Q U V; suffix A-D.
_PREFIX = r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
_INVALID_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


class UkNinoRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "nino",
            rf"{NO_ALNUM_BEFORE}(?i:{_PREFIX})\s?[0-9]{{2}}\s?[0-9]{{2}}\s?[0-9]{{2}}\s?(?i:[A-D])"
            + NO_ALNUM_AFTER,
            0.6,
        ),
    ]
    CONTEXT = ["national insurance", "nino", "ni number", "nin", "國民保險"]

    def __init__(self, supported_language: str = "en", supported_entity: str = "UK_NINO") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"UkNinoRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return pattern_text[:2].upper() not in _INVALID_PREFIXES
