"""Chinese street addresses: a road (路/街/大道) followed by a house number (號), optionally
preceded by postcode, city or county and district and followed by lane, alley, floor; numbers
may be written with spaces ("路三段 241 巷 7 號"). Prose such as 路線, 思路 or 口號 has no
house number and is left alone."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS

_S = r"\s?"
_NUM = r"[0-9０-９]+"
_CN_NUM = r"[一二三四五六七八九十]+"
# Characters that start prose rather than a place name ("他住在中山路..." must start at 中).
_NOT_ROAD_START = r"(?![住在於到從往去的是與及我他她你們家至近搬遷位址地為,，、:：\s])"
_CITY = (
    r"(?:[臺台][北中南東]市|新北市|桃園市|高雄市|基隆市|新竹[市縣]|嘉義[市縣]|苗栗縣|彰化縣|"
    r"南投縣|雲林縣|屏東縣|宜蘭縣|花蓮縣|[臺台]東縣|澎湖縣|金門縣|連江縣|香港|九龍|新界|"
    rf"(?:{_NOT_ROAD_START}\p{{Han}}){{1,3}}[市縣])"
)
_DISTRICT = r"(?:\p{Han}{1,3}?[區鄉鎮]|\p{Han}{1,2}市)"
_FREE_DISTRICT = rf"(?:{_NOT_ROAD_START}\p{{Han}}){{1,3}}?[區鄉鎮]"
_VILLAGE = rf"(?:\p{{Han}}{{1,3}}[里村](?:{_S}{_NUM}{_S}鄰)?)"
_SECTION = rf"(?:{_S}(?:{_CN_NUM}|{_NUM}){_S}段)"
_ROAD_TAIL = rf"(?:路|街|大道){_SECTION}?"
# After a city or district the road name may start with any character (和平東路, 中和路).
_ROAD = rf"\p{{Han}}{{1,5}}?{_ROAD_TAIL}"
_FREE_ROAD = rf"(?:{_NOT_ROAD_START}\p{{Han}}){{1,5}}?{_ROAD_TAIL}"
_HOUSE = (
    rf"(?:{_S}{_NUM}{_S}巷)?(?:{_S}{_NUM}{_S}弄)?{_S}{_NUM}(?:{_S}之{_S}{_NUM})?{_S}號"
    rf"(?:{_S}之{_S}{_NUM})?(?:{_S}(?:{_NUM}|{_CN_NUM}){_S}樓(?:{_S}之{_S}{_NUM})?)?"
    rf"(?:{_S}{_NUM}{_S}室)?"
)
_POSTCODE = r"(?:(?<![0-9\-])[0-9]{3}(?:[0-9]{2,3})?(?![0-9]))"


class ChineseAddressRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "zh_address_full",
            rf"(?:{_POSTCODE}{_S})?{_CITY}{_S}{_DISTRICT}?{_VILLAGE}?{_ROAD}{_HOUSE}",
            0.85,
        ),
        # A postcode marks an address even without city or district, and a lane (巷) may then
        # be the street itself: "42122 台北雙連巷14號6樓".
        Pattern(
            "zh_address_postcode",
            rf"{_POSTCODE}{_S}\p{{Han}}{{1,9}}?(?:{_ROAD_TAIL}|巷{_SECTION}?){_HOUSE}",
            0.85,
        ),
        Pattern("zh_address_district", rf"{_FREE_DISTRICT}{_VILLAGE}?{_ROAD}{_HOUSE}", 0.8),
        Pattern("zh_address_road", rf"{_FREE_ROAD}{_HOUSE}", 0.7),
    ]
    CONTEXT = ["地址", "住址", "戶籍", "居住", "住在", "通訊處"]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "ADDRESS") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            name=f"ChineseAddressRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )
