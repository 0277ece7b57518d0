"""Vietnamese street addresses: a house number ("Số 12", "4/68", "123/45/6"), optional lane or
hamlet parts (Ngõ 38, Hẻm 12, Khu 8, Khóm 7), a street (Đường/Phố/... and a name), then the
ward, district and city or province: "Số 12 Đường Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí
Minh". A street written without "Đường" needs a ward or district unit after it, so a number
followed by capitalised words ("12 Lê Lợi") is not enough on its own."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_BEFORE, NO_DIGIT_AFTER

# Administrative units, full (with unaccented forms) and abbreviated.
_UNIT_WORD = (
    r"(?:[Pp]hường|[Xx]ã|[Tt]hị trấn|[Tt]hị xã|[Qq]uận|[Hh]uyện|[Tt]hành phố|[Tt]ỉnh|"
    r"Phuong|Quan|Huyen|Thanh pho|Tinh|Thi xa|Thi tran)"
)
_UNIT = rf"(?:{_UNIT_WORD}|P\.|Q\.|TP\.?|TX\.|TT\.)"
# A capitalised word that is not itself a unit or street word ("Hùng Vương", "HCM").
# Lane and hamlet words count as name words ("Lý Thường Kiệt") unless a number follows them.
_WORD = (
    rf"(?!{_UNIT}(?![\p{{L}}\p{{M}}])|(?:Đường|Phố|Ngõ|Ngách|Hẻm|Kiệt|Khu|Khóm|Tổ|Ấp|Thôn|Xóm)"
    r"\s+[0-9])\p{Lu}[\p{L}\p{M}]*"
)
# Streets named after dates: "Đường 2 Tháng 9", "3 Tháng 2".
_DATE_NAME = r"[0-9]{1,2}\s[Tt]háng\s[0-9]{1,2}"
_NAME = rf"(?:{_WORD}(?:\s{_WORD}){{0,4}}|{_DATE_NAME})"
_NUM = r"[0-9]{1,4}[A-Z]?(?:/[0-9]{1,4}[A-Z]?){0,3}"
_HOUSE = rf"{NO_ALNUM_BEFORE}(?:[Ss]ố\s+)?{_NUM}"
# Lane (ngõ, ngách, hẻm, kiệt) and hamlet or block (khu, khóm, tổ, ấp, thôn, xóm) numbers.
_SUB = (
    r"(?:,?\s+(?:[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt|[Kk]hu|[Kk]hóm|[Tt]ổ|[Ấấ]p|[Tt]hôn|[Xx]óm)"
    r"\s+[0-9]{1,4}[A-Z]?)"
)
_STREET_WORD = r"(?:[Đđ]ường|[Pp]hố|[Đđ]ại lộ|Đ\.)"
_STREET_NAME = rf"(?:{_NAME}|(?:[Ss]ố\s+)?[0-9]{{1,3}}{NO_DIGIT_AFTER})"
# Units with their names ("Phường Bến Nghé", "Quận 1", "TP.HCM"), then an unnamed province
# ("..., Lai Châu") and a postcode.
_AREA = rf"(?:,?\s+{_UNIT}\s*(?:{_NAME}|[0-9]{{1,2}}{NO_DIGIT_AFTER}))"
_TAIL = rf"{_AREA}*(?:,\s*{_NAME})?(?:,?\s+[0-9]{{5,6}}{NO_DIGIT_AFTER})?"
# The first unit after a street without "Đường": a full word, or P./Q. with a number.
_FIRST_AREA = (
    rf"(?:,?\s+(?:{_UNIT_WORD}\s+(?:{_NAME}|[0-9]{{1,2}})|(?:P|Q)\.\s*[0-9]{{1,2}})"
    rf"{NO_DIGIT_AFTER})"
)


class VietnameseAddressRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("vi_street", rf"{_HOUSE}{_SUB}*\s+{_STREET_WORD}\s+{_STREET_NAME}{_TAIL}", 0.75),
        Pattern(
            "vi_street_area",
            rf"{_HOUSE}{_SUB}*\s+(?:{_STREET_WORD}\s+)?{_STREET_NAME}{_FIRST_AREA}{_TAIL}",
            0.8,
        ),
    ]
    CONTEXT = ["địa chỉ", "sống tại", "cư trú", "address", "lives", "地址", "住址"]

    def __init__(self, supported_language: str = "en", supported_entity: str = "ADDRESS") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"VietnameseAddressRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )
