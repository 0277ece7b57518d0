"""Bank account numbers: digit groups right after an account cue (帳號, 銀行帳戶, account, a/c),
and 16 digits in 4-4-4-4 groups anywhere (a card or account number either way)."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from ingest.pii.checksums import luhn_valid
from ingest.pii.recognizers._common import FLAGS, NO_DIGIT_AFTER, NO_DIGIT_BEFORE

_CUE = (
    r"(?:帳號|賬號|帳戶|賬戶|戶號|銀行帳戶|匯款帳號|存摺|"
    r"(?i:(?:bank\s+)?account(?:\s+(?:number|no\.?|#))?|acct\.?(?:\s+no\.?)?|a/c(?:\s+no\.?)?))"
)
_GLUE = r"\s*(?:號碼|(?i:no\.?|number))?\s*(?:[:：#]|為|是|(?i:is))?\s*"
# 8 to 20 digits, written in groups with dashes or spaces ("012-345-678901", "0123 4567 8901").
_DIGITS = r"[0-9](?:[0-9]|[\- ](?=[0-9])){6,24}[0-9]"


class BankAccountRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "account_after_cue",
            rf"(?<={_CUE}{_GLUE}){NO_DIGIT_BEFORE}{_DIGITS}{NO_DIGIT_AFTER}",
            0.7,
        ),
        Pattern(
            "four_groups_of_four",
            NO_DIGIT_BEFORE + r"[0-9]{4}([\- ])[0-9]{4}\1[0-9]{4}\1[0-9]{4}" + NO_DIGIT_AFTER,
            # Below the card recogniser's score: a Luhn-valid card number stays a card.
            0.42,
        ),
    ]
    CONTEXT = ["帳號", "帳戶", "銀行", "account", "bank", "a/c"]

    def __init__(
        self, supported_language: str = "zh", supported_entity: str = "BANK_ACCOUNT"
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"BankAccountRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        # Without an account cue, a Luhn-valid number with a card prefix is the card
        # recogniser's; after one ("帳號 4239-...") it is an account whatever its digits.
        return [r for r in results if not self._card_without_cue(text[r.start : r.end], r)]

    @staticmethod
    def _card_without_cue(value: str, result: RecognizerResult) -> bool:
        explanation = result.analysis_explanation
        if explanation is None or explanation.pattern_name != "four_groups_of_four":
            return False
        digits = "".join(c for c in value if c.isdigit())
        return digits[0] in "23456" and luhn_valid(digits)

    def validate_result(self, pattern_text: str) -> bool:
        groups = regex.findall(r"[0-9]+", pattern_text)
        # Four years in a row ("2019 2020 2021 2022") are a table header, not an account.
        if len(groups) == 4 and all(1900 <= int(g) <= 2099 for g in groups):
            return False
        return 8 <= sum(len(g) for g in groups) <= 20
