"""English street addresses: "12 Elm Street", "Flat 3, 45 King's Road", and the Taiwanese
romanised form "No. 7, Ln. 3, Sec. 2, Heping E. Rd., Da'an Dist., Taipei City"."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_BEFORE

_SUFFIX = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Way|"
    r"Court|Ct\.?|Place|Pl\.?|Terrace|Crescent|Close|Square|Highway|Hwy\.?|Parkway|Alley)"
)
_WORD = r"[A-Z][A-Za-z'’\-]+"
_UNIT = (
    r"(?:(?:Flat|Apt\.?|Apartment|Unit|Suite|Room|Rm\.?|Floor|Fl\.?)\s*[0-9A-Z][0-9A-Za-z\-]*,?\s+)"
)
_TAIL = (
    r"(?:,?\s*(?:Apt\.?|Flat|Unit|Suite|#)\s*[0-9A-Z][0-9A-Za-z\-]*)?"
    rf"(?:,\s*{_WORD}(?:\s{_WORD})?(?:,?\s+[A-Z]{{2}}\s+[0-9]{{5}}|\s+[A-Z0-9]{{2,4}}\s[0-9][A-Z]{{2}})?)?"
)
_TW_ROAD = rf"(?:{_WORD}\s+){{1,3}}(?:[ENSW]\.\s*)?(?:Rd|St|Road|Street|Blvd|Ave)\.?"
_TW_PART = r"(?:(?:Ln|Lane|Aly|Alley|Sec|Section)\.?\s*[0-9]+,\s*)"


class EnglishAddressRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "en_street",
            rf"{_UNIT}?{NO_ALNUM_BEFORE}[0-9]{{1,5}}[A-Za-z]?(?:-[0-9]{{1,4}})?\s+"
            rf"(?:{_WORD}\s+){{1,3}}{_SUFFIX}(?![A-Za-z]){_TAIL}",
            0.7,
        ),
        Pattern(
            "tw_romanised",
            rf"No\.\s*[0-9]+(?:-[0-9]+)?,\s*{_TW_PART}*{_TW_ROAD}"
            rf"(?:,\s*{_WORD}\s+(?:Dist|District|Township)\.?)?(?:,\s*{_WORD}\s+(?:City|County))?",
            0.8,
        ),
    ]
    CONTEXT = ["address", "lives", "live", "residence", "moved"]

    def __init__(self, supported_language: str = "en", supported_entity: str = "ADDRESS") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"EnglishAddressRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )
