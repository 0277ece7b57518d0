"""International bank account numbers (IBAN), validated by mod-97 and the country's length."""

from __future__ import annotations

import regex
from presidio_analyzer.predefined_recognizers import IbanRecognizer as PresidioIbanRecognizer
from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country

from ingest.pii.checksums import iban_valid


class IbanRecognizer(PresidioIbanRecognizer):
    CONTEXT = ["iban", "bank", "account", "銀行", "帳號", "帳戶", "匯款"]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "IBAN") -> None:
        super().__init__(
            context=self.CONTEXT,
            supported_language=supported_language,
            supported_entity=supported_entity,
            name=f"IbanRecognizer_{supported_language}",
        )

    # Replaces Presidio's version, which logs the rejected value on error.
    def validate_result(self, pattern_text: str) -> bool:
        compact = "".join(pattern_text.split()).replace("-", "").upper()
        country_regex = regex_per_country.get(compact[:2])
        if not country_regex or not regex.fullmatch(country_regex, compact):
            return False
        return iban_valid(compact)
