"""Indonesian street addresses: a street (Jl./Jalan/Gg./Gang, Komplek, Perumahan) with its
house number (No. 5, Kav. 52-53, Blok A2), then neighbourhood units (RT 03/RW 02), village and
district (Kel., Desa, Kec., Kab., Kota) and a city line with postcode: "Jl. Sudirman No. 5,
RT 03/RW 02, Kel. Menteng, Kec. Menteng, Jakarta Pusat 10310". A street without a number
needs RT/RW after it; a village address needs RT/RW and a village or district."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS, NO_ALNUM_BEFORE, NO_DIGIT_AFTER

_STREET = r"(?:(?:Jl|Jln|Gg)\.\s*|(?:Jalan|Gang)\s+|(?:Komp(?:lek|leks)?|Perum(?:ahan)?)\.?\s+)"
_UNIT_WORDS = r"(?:No|Nomor|Kav|RT|RW|Blok|Kel|Kec|Kab|Desa|Ds|Kota|Kelurahan|Kecamatan|Kabupaten)"
# A street or place word: "Sudirman", "H.J", "Moch.", "KH.", "Bau-Bau", "20".
_WORD = rf"(?!{_UNIT_WORDS}(?![A-Za-z]))[A-Z0-9][A-Za-z0-9.'’\-]*"
_NAME = rf"{_WORD}(?:\s{_WORD}){{0,4}}"
_NUMBER = (
    r"(?:,?\s+(?:Blok\s+[A-Z0-9][A-Z0-9\-]*,?\s+)?(?:No|Nomor|Kav)\.?\s*[0-9]{1,4}[A-Za-z]?"
    r"(?:\s*[\-/]\s*[0-9]{1,4}[A-Za-z]?)?)"
)
_RT_RW = r"(?:RT\.?\s*[0-9]{1,3}(?:\s*/\s*|\s+)RW\.?\s*[0-9]{1,3})"
_AREA = (
    rf"(?:,?\s*(?:{_RT_RW}|RT\.?\s*[0-9]{{1,3}}|RW\.?\s*[0-9]{{1,3}}|"
    rf"(?:Kel|Kec|Kab|Ds|Kelurahan|Kecamatan|Kabupaten|Desa|Kota|Dusun|Dsn|Kampung|Kp)\.?\s+{_NAME})"
    rf"{NO_DIGIT_AFTER})"
)
# "\nBengkulu, Sumatera Barat 66907", ", Jakarta Pusat 10310", ", DKI Jakarta".
_CITY_LINE = rf"(?:[,\n]\s*{_NAME}(?:,\s*{_NAME})?(?:\s+[0-9]{{5}}{NO_DIGIT_AFTER}))"
_TAIL = rf"{_AREA}*{_CITY_LINE}?"


class IndonesianAddressRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("id_street_number", rf"{NO_ALNUM_BEFORE}{_STREET}{_NAME}{_NUMBER}{_TAIL}", 0.8),
        Pattern(
            "id_street_rt_rw",
            rf"{NO_ALNUM_BEFORE}{_STREET}{_NAME},?\s*{_RT_RW}{NO_DIGIT_AFTER}{_TAIL}",
            0.75,
        ),
        Pattern(
            "id_village",
            rf"{NO_ALNUM_BEFORE}(?:(?:Dusun|Dsn\.|Kampung|Kp\.)\s+{_NAME},?\s*)?{_RT_RW}"
            rf"{NO_DIGIT_AFTER}{_AREA}+{_CITY_LINE}?",
            0.7,
        ),
    ]
    CONTEXT = ["alamat", "tinggal", "domisili", "address", "lives", "地址", "住址"]

    def __init__(self, supported_language: str = "en", supported_entity: str = "ADDRESS") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"IndonesianAddressRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )
