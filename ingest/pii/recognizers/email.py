"""E-mail addresses, with the top-level domain checked against the bundled suffix list."""

from __future__ import annotations

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import EmailRecognizer as PresidioEmailRecognizer

from ingest.pii.recognizers._common import FLAGS
from ingest.pii.recognizers._common import OFFLINE_TLD as _OFFLINE_TLD


class EmailRecognizer(PresidioEmailRecognizer):
    # ASCII local part: Presidio's \w would swallow the Chinese word glued before an address.
    PATTERNS = [
        Pattern(
            "email",
            r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
            r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+(?![A-Za-z0-9\-])",
            0.5,
        ),
    ]
    CONTEXT = ["email", "e-mail", "mail", "信箱", "電郵", "電子郵件"]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "EMAIL") -> None:
        super().__init__(
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            supported_entity=supported_entity,
            name=f"EmailRecognizer_{supported_language}",
        )
        self.global_regex_flags = FLAGS

    def validate_result(self, pattern_text: str) -> bool:
        return _OFFLINE_TLD(pattern_text.rsplit("@", 1)[-1]).suffix != ""
