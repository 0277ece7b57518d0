"""US social security numbers (123-45-6789), with the number ranges the SSA never issues
rejected."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_DIGIT_AFTER, NO_DIGIT_BEFORE

_CUE = r"(?i:ssn|social\s+security(?:\s+(?:number|no\.?))?|社會安全(?:號碼|碼)?)"


class UsSsnRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "ssn_dashed",
            NO_DIGIT_BEFORE + r"(?<![0-9]-)[0-9]{3}-[0-9]{2}-[0-9]{4}(?!-?[0-9])",
            0.5,
        ),
        # Spaces or no separator only right after a cue: elsewhere nine digits are anything.
        Pattern(
            "ssn_after_cue",
            rf"(?<={_CUE}\s*(?:[:：#]|is)?\s*){NO_DIGIT_BEFORE}[0-9]{{3}}[\s.]?[0-9]{{2}}[\s.]?"
            rf"[0-9]{{4}}{NO_DIGIT_AFTER}",
            0.7,
        ),
    ]
    CONTEXT = ["ssn", "social security", "社會安全"]

    def __init__(self, supported_language: str = "en", supported_entity: str = "US_SSN") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"UsSsnRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool:
        digits = regex.sub(r"[^0-9]", "", pattern_text)
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        return (
            len(digits) == 9
            and area not in ("000", "666")
            and not area.startswith("9")
            and group != "00"
            and serial != "0000"
        )
