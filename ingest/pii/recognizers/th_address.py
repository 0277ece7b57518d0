"""Thai street addresses: a house number ("123/45"), village number (หมู่ 5, ม.5), then soi,
road, sub-district, district and province with their words (ซอย/ซ., ถนน/ถ., แขวง/ตำบล/ต.,
เขต/อำเภอ/อ., จังหวัด/จ.) or without (กรุงเทพฯ), and a postcode: "123/45 ซอยสุขุมวิท 11
ถนนสุขุมวิท แขวงคลองเตยเหนือ เขตวัฒนา กรุงเทพฯ 10110". The romanised form "123/45 Soi Sukhumvit
11, Sukhumvit Road, Khlong Toei Nuea, Watthana, Bangkok 10110" too. A bare number before one
place word ("มี 3 ถนนสายหลัก", three main roads) is prose: an address needs a house number with
a slash, a village number, two place words or a postcode."""

from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_BEFORE, NO_DIGIT_AFTER

_TH = r"[\u0E00-\u0E7F]+"
_PLACE_WORD = r"(?:ซอย|ซ\.|ถนน|ถ\.|หมู่บ้าน|แขวง|ตำบล|ต\.|เขต|อำเภอ|อ\.|จังหวัด|จ\.)"
_HOUSE = rf"{NO_ALNUM_BEFORE}[0-9]{{1,5}}(?:/[0-9]{{1,4}})?"
_MOO = r"(?:\s*(?:หมู่(?:ที่)?|ม\.)\s*[0-9]{1,3})"
_PART = rf"(?:\s*{_PLACE_WORD}\s*{_TH}(?:\s?[0-9]{{1,4}}{NO_DIGIT_AFTER})?)"
_POSTCODE = rf"(?:\s*[0-9]{{5}}{NO_DIGIT_AFTER})"
# Place names without their word ("โคกกรวด นาหว้า ตราด"): several before a postcode, one without.
_BARE_BEFORE_POSTCODE = rf"(?:\s+{_TH}){{0,4}}{_POSTCODE}"
_BARE = rf"(?:\s+{_TH})?"

_LATIN_WORD = r"[A-Z][A-Za-z'\-]*"
_LATIN_NAME = rf"{_LATIN_WORD}(?:\s{_LATIN_WORD}){{0,3}}"
_SOI = rf"Soi\s+{_LATIN_NAME}(?:\s+[0-9]{{1,3}}{NO_DIGIT_AFTER})?"
_ROAD = rf"(?:,?\s*{_LATIN_NAME}\s+(?:Road|Rd\.?))"

_ADDRESS_SIGNS = regex.compile(
    rf"^[0-9]+/|{_MOO}|{_PLACE_WORD}.*{_PLACE_WORD}|[0-9]{{5}}$", regex.DOTALL
)


class ThaiAddressRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "th_address_postcode",
            rf"{_HOUSE}{_MOO}?(?:{_PART}+|{_MOO}){_BARE_BEFORE_POSTCODE}",
            0.8,
        ),
        Pattern("th_address", rf"{_HOUSE}{_MOO}?(?:{_PART}+{_BARE}|{_MOO}{_PART}*)", 0.7),
        Pattern(
            "th_romanised",
            rf"{_HOUSE},?\s+(?:Moo\s+[0-9]{{1,3}},?\s+)?{_SOI}{_ROAD}?"
            rf"(?:(?:,\s*{_LATIN_NAME}){{1,4}},?\s+[0-9]{{5}}{NO_DIGIT_AFTER})?",
            0.75,
        ),
    ]
    CONTEXT = ["ที่อยู่", "บ้านเลขที่", "address", "lives", "地址", "住址"]

    def __init__(self, supported_language: str = "en", supported_entity: str = "ADDRESS") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"ThaiAddressRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )

    def validate_result(self, pattern_text: str) -> bool:
        # The romanised form always has its "Soi"; the Thai one needs a sign of an address.
        if "Soi" in pattern_text:
            return True
        return bool(_ADDRESS_SIGNS.search(pattern_text.strip()))
