"""Taiwan resident certificate (ARC / UI number), old (AB12345678) and new (A812345678) formats."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.checksums import tw_arc_valid
from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_AFTER, NO_ALNUM_BEFORE

_OLD_CUE = r"(?:居留|統一證號|證號|外僑|(?i:arc|resident|ui\s?no|ui\s?number))"


class TwArcRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("tw_arc_new", NO_ALNUM_BEFORE + r"[A-Za-z][89][0-9]{8}" + NO_ALNUM_AFTER, 0.5),
        # The old format (replaced in 2021) collides with codes like JD20260309: cue required.
        Pattern(
            "tw_arc_old",
            rf"(?<={_OLD_CUE}[^\n]{{0,30}}){NO_ALNUM_BEFORE}[A-Z][A-D][0-9]{{8}}{NO_ALNUM_AFTER}",
            0.5,
        ),
    ]
    CONTEXT = ["居留證", "居留", "統一證號", "arc", "resident certificate", "ui number"]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "TW_ARC") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"TwArcRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return tw_arc_valid(pattern_text)
