"""Phone numbers of the countries an NGO's clients come from, in international and national
formats with extensions, found and checked by the `phonenumbers` library."""

from __future__ import annotations

import phonenumbers
import regex
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# Runs of digits with the separators phones are written with; the library sees only these
# windows, which keeps the scan fast on long documents.
_CANDIDATE = regex.compile(
    r"(?:\+|\(\s*\+?)?[0-9][0-9\s().\-–/]{5,24}[0-9](?:\s*(?:x|ext\.?|#|分機)\s*[0-9]{1,6})?"
)
# Around a number: part of a URL, a file name, a word, a decimal or an identifier.
_GLUED_BEFORE = regex.compile(r"[A-Za-z0-9_/=#@.:\-–]$")
_GLUED_AFTER = regex.compile(r"^(?:[A-Za-z0-9_/@%]|[.\-–][A-Za-z0-9])")
_CUE_BEFORE = regex.compile(
    r"電話|手機|聯絡|撥打|撥|市話|行動|(?i:phone|mobile|tel\b|call|cell|contact|reach|text|whatsapp)"
)
_EXTENSION = regex.compile(r"\s*(?:x|ext\.?|#|分機)\s*[0-9]{1,6}$", regex.IGNORECASE)
_DATE_OR_RANGE = regex.compile(
    r"^\(?(?:1[89]|20)[0-9]{2}\)?(?:\s*[\-–/.]\s*[0-9]{1,4}){1,2}$|^[0-9]{1,4}\s*[–\-]\s*[0-9]{1,4}$"
)


class PhoneRecognizer(EntityRecognizer):
    """A match the library calls valid for a region scores `VALID_SCORE`; one it only calls
    possible must also look written as a phone (a `+`, `00`, trunk `0` or area code in brackets,
    or the North American 3-3-4 grouping) and scores `POSSIBLE_SCORE`."""

    REGIONS = ("TW", "HK", "CN", "US", "GB", "VN", "ID", "PH", "TH", "MY")
    CONTEXT = [
        "電話", "手機", "聯絡", "市話", "分機", "行動", "傳真",
        "phone", "mobile", "tel", "call", "cell", "fax", "whatsapp", "line",
    ]  # fmt: skip
    VALID_SCORE = 0.6
    POSSIBLE_SCORE = 0.5
    _WRITTEN_AS_PHONE = regex.compile(
        r"^(?:\+|00[1-9]|\(\s*\+?[0-9]|0)"
        r"|^[0-9]{3}[\-.\s][0-9]{3}[\-.\s][0-9]{4}(?![0-9])"
    )

    def __init__(self, supported_language: str = "zh", supported_entity: str = "PHONE") -> None:
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=self.CONTEXT,
            name=f"PhoneRecognizer_{supported_language}",
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        spans: dict[tuple[int, int], float] = {}
        for candidate in _CANDIDATE.finditer(text):
            window, offset = candidate.group(), candidate.start()
            for start, end, score in self._matches(window):
                start, end = start + offset, end + offset
                if self._acceptable(text, start, end):
                    spans[(start, end)] = max(score, spans.get((start, end), 0.0))
        return EntityRecognizer.remove_duplicates(
            [self._result(start, end, score) for (start, end), score in spans.items()]
        )

    def _matches(self, window: str) -> list[tuple[int, int, float]]:
        found = []
        for region in self.REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(
                window, region, leniency=phonenumbers.Leniency.POSSIBLE
            ):
                if phonenumbers.is_valid_number(match.number):
                    found.append((match.start, match.end, self.VALID_SCORE))
                elif self._written_as_phone(match.raw_string):
                    found.append((match.start, match.end, self.POSSIBLE_SCORE))
        return found

    def _written_as_phone(self, raw: str) -> bool:
        # "+44(0)115 ..." writes the trunk 0 in brackets after the country code.
        number = _EXTENSION.sub("", raw).strip().replace("(0)", "")
        digits = sum(c.isdigit() for c in number)
        groups = regex.findall(r"[0-9]+", number)
        # One-digit groups only as a leading trunk 0 ("0 2345 6789"), never inside the number.
        short_inside = any(len(g) < 2 for g in groups[1:])
        return (
            10 <= digits <= 13
            and not short_inside
            and not _DATE_OR_RANGE.match(number)
            and bool(self._WRITTEN_AS_PHONE.match(number))
        )

    @staticmethod
    def _acceptable(text: str, start: int, end: int) -> bool:
        value = text[start:end]
        if _GLUED_BEFORE.search(text[max(0, start - 1) : start]):
            return False
        if _GLUED_AFTER.match(text[end : end + 2]):
            return False
        if _DATE_OR_RANGE.match(value.strip()):
            return False
        # A bare run of digits is a phone when it has a trunk 0, a three-digit country code
        # or the shape of a PRC mobile; otherwise (a document, order or page number looks the
        # same) only after a phone cue.
        if value.isdigit():
            if regex.match(r"^(?:0[0-9]{8,11}|(?:886|852|853)[0-9]{8,9}|1[3-9][0-9]{9})$", value):
                return True
            return bool(_CUE_BEFORE.search(text[max(0, start - 40) : start]))
        # Decimals (202510.0671) and versions (25.59.20): dots only as a repeated separator
        # of a full number (461.893.9474); an extension's "ext." is no separator.
        number = _EXTENSION.sub("", value)
        return "." not in number or (
            number.count(".") > 1 and sum(c.isdigit() for c in number) >= 9
        )

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            entity_type=self.supported_entities[0],
            start=start,
            end=end,
            score=score,
            analysis_explanation=AnalysisExplanation(
                recognizer=self.name, original_score=score, textual_explanation="phonenumbers"
            ),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
