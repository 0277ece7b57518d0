"""Payment card numbers (Visa, Mastercard, JCB, Amex, UnionPay...), validated with Luhn."""

from __future__ import annotations

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer as PresidioCreditCardRecognizer,
)

from ingest.pii.checksums import luhn_valid
from ingest.pii.recognizers._common import FLAGS, NO_DIGIT_AFTER, NO_DIGIT_BEFORE


class CreditCardRecognizer(PresidioCreditCardRecognizer):
    PATTERNS = [
        Pattern(
            "card",
            NO_DIGIT_BEFORE + r"(?:4[0-9]{3}|5[1-5][0-9]{2}|2[2-7][0-9]{2}|6[0-9]{3}|3[0-9]{3})"
            r"[- ]?[0-9]{3,4}[- ]?[0-9]{3,4}[- ]?[0-9]{3,5}" + NO_DIGIT_AFTER,
            0.5,
        ),
    ]
    CONTEXT = ["信用卡", "卡號", "credit", "card", "visa", "mastercard", "amex", "jcb"]

    def __init__(
        self, supported_language: str = "zh", supported_entity: str = "CREDIT_CARD"
    ) -> None:
        super().__init__(
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            supported_entity=supported_entity,
            name=f"CreditCardRecognizer_{supported_language}",
        )
        self.global_regex_flags = FLAGS

    def validate_result(self, pattern_text: str) -> bool:
        digits = "".join(c for c in pattern_text if c.isdigit())
        return 13 <= len(digits) <= 19 and luhn_valid(digits)
