"""Chinese street addresses: a road (路/街/大道) followed by a house number (號), optionally
preceded by city and district and followed by lane, alley, floor. Prose such as 路線, 思路 or
口號 has no house number and is left alone."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS

_NUM = r"[0-9０-９]+"
_CN_NUM = r"[一二三四五六七八九十]+"
_CITY = (
    r"(?:[臺台][北中南東]市|新北市|桃園市|高雄市|基隆市|新竹[市縣]|嘉義[市縣]|苗栗縣|彰化縣|"
    r"南投縣|雲林縣|屏東縣|宜蘭縣|花蓮縣|[臺台]東縣|澎湖縣|金門縣|連江縣|香港|九龍|新界)"
)
# Characters that start prose rather than a road name ("他住在中山路..." must start at 中).
_NOT_ROAD_START = r"(?![住在於到從往去的是與及我他她你們家至近搬遷位址地為,，、:：\s])"
_DISTRICT = r"(?:\p{Han}{1,3}?[區鄉鎮]|\p{Han}{1,2}市)"
_FREE_DISTRICT = rf"(?:{_NOT_ROAD_START}\p{{Han}}){{1,3}}?[區鄉鎮]"
_VILLAGE = rf"(?:\p{{Han}}{{1,3}}[里村](?:{_NUM}鄰)?)"
_ROAD_TAIL = rf"(?:路|街|大道)(?:{_CN_NUM}段|{_NUM}段)?"
# After a city or district the road name may start with any character (和平東路, 中和路).
_ROAD = rf"\p{{Han}}{{1,5}}?{_ROAD_TAIL}"
_FREE_ROAD = rf"(?:{_NOT_ROAD_START}\p{{Han}}){{1,5}}?{_ROAD_TAIL}"
_HOUSE = (
    rf"(?:{_NUM}巷)?(?:{_NUM}弄)?{_NUM}(?:之{_NUM})?號(?:之{_NUM})?"
    rf"(?:\s?(?:{_NUM}|{_CN_NUM})樓(?:之{_NUM})?)?(?:{_NUM}室)?"
)


_POSTCODE = r"(?:(?<![0-9\-])[0-9]{3}(?:[0-9]{2,3})? ?)"


class ChineseAddressRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "zh_address_full",
            rf"{_POSTCODE}?{_CITY}\s?{_DISTRICT}?{_VILLAGE}?{_ROAD}{_HOUSE}",
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
