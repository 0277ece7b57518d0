"""Latin-script names inside Chinese text ("印尼籍看護工 Sri Wahyuni", "配偶Nguyen Thi Hoa"): two
to four capitalised words right after a role or kinship word (not a leader's title), or after a
nationality (印尼籍, 越南籍, ...). The English NER never sees the Chinese cue; a bare pair without
one is left to it, and product names after a cue ("志工 Microsoft Teams") are refused."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

from ingest.pii.recognizers._common import FLAGS
from ingest.pii.recognizers.zh_person import ROLE_WORDS

_NATIONALITY = (
    r"(?:印尼|印度尼西亞|越南|菲律賓|泰國|緬甸|柬埔寨|馬來西亞|寮國|斯里蘭卡|尼泊爾|孟加拉|印度|"
    r"巴基斯坦|蒙古|日本|韓國|美國|英國|法國|德國|加拿大|澳洲|紐西蘭|南非|巴西|外)籍"
)
_CUE = rf"(?:{_NATIONALITY}(?:{ROLE_WORDS})?|{ROLE_WORDS})\s?[:：]?\s?"
# Leaders' titles introduce public figures in reports ("NTEN 執行長 Amy ..."); in case notes a
# Latin name follows a kinship, care or client word instead.
_PUBLIC_TITLES = r"(?:執行長|理事長|董事長|秘書長|總幹事|主席|教授|博士|院長|所長|部長|局長|署長)"
# Product and service names that follow a role word in NGO notes ("志工 Google Meet 帳號").
_NOT_NAMES = (
    r"(?!(?:Google|Microsoft|Line|LINE|Facebook|Meta|Zoom|Claude|Gemini|ChatGPT|NotebookLM|"
    r"Excel|Word|Office|Teams|Apple|YouTube|Instagram|Canva|Notion|Slack|Open|Data|Chrome)"
    r"(?![A-Za-z]))"
)
# Words of organisation and place names ("Bank Mandiri", "Taipei City Government").
_ORG_WORDS = (
    r"Office|Government|City|County|Province|State|Bank|Foundation|Association|Society|Centre|"
    r"Center|Ministry|Department|Bureau|Agency|University|College|School|Hospital|Clinic|Church|"
    r"Company|Corp|Inc|Ltd|Group|Network|Council|Union|Fund|Institute|Republic|Kingdom|Island|"
    r"Zealand|Airlines|Hotel|Market|Street|Road"
)
# Letters with diacritics too ("Víctor Domínguez"), so such a name is not cut at the accent.
_WORD = rf"(?!(?:{_ORG_WORDS})(?![a-z]))\p{{Lu}}[\p{{Ll}}\p{{M}}'’\-]+"
# Atomic and not followed by a further capitalised word, so that "Ho Chi Minh 市" or
# "Indonesia Labour Office" is refused whole instead of shortened to a name-like head.
_NAME = (
    rf"(?>{_NOT_NAMES}{_WORD}(?:\s(?:(?:bin|binti|de|da|dos|van|von)\s)?{_NOT_NAMES}{_WORD}){{1,3}})"
    r"(?![\p{Latin}\p{M}])(?!\s?\p{Lu}\p{Ll})(?!\s?(?:籍|市|縣|省|國|州|島|大學|銀行|公司|基金會|協會|醫院|政府|辦事處|辦公室))"
)


class LatinNameInChineseRecognizer(PatternRecognizer):
    PATTERNS = [
        # The capital first: the cue's long look-behind is then tried at capitals only.
        Pattern(
            "cued_latin_name",
            rf"(?=[A-Z])(?<={_CUE})(?<!{_PUBLIC_TITLES}\s?[:：]?\s?){_NAME}",
            0.6,
        )
    ]

    def __init__(self, supported_language: str = "zh", supported_entity: str = "PERSON") -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            supported_language=supported_language,
            name=f"LatinNameInChineseRecognizer_{supported_language}",
            global_regex_flags=FLAGS,
        )
