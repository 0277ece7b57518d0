"""Table-driven tests, one table per recogniser: valid values, bad check digits, edge cases and
hard negatives side by side. Values are fictitious but valid in format."""

from __future__ import annotations

import pytest
from presidio_analyzer import EntityRecognizer

from ingest.pii.recognizers.credit_card import CreditCardRecognizer
from ingest.pii.recognizers.date_of_birth import DateOfBirthRecognizer
from ingest.pii.recognizers.email import EmailRecognizer
from ingest.pii.recognizers.en_address import EnglishAddressRecognizer
from ingest.pii.recognizers.en_titled_person import EnglishTitledPersonRecognizer
from ingest.pii.recognizers.hk_id import HkIdRecognizer
from ingest.pii.recognizers.iban import IbanRecognizer
from ingest.pii.recognizers.ip_address import IpAddressRecognizer
from ingest.pii.recognizers.prc_id import PrcIdRecognizer
from ingest.pii.recognizers.tw_arc import TwArcRecognizer
from ingest.pii.recognizers.tw_id import TwNationalIdRecognizer
from ingest.pii.recognizers.tw_phone import TwPhoneRecognizer
from ingest.pii.recognizers.zh_address import ChineseAddressRecognizer
from ingest.pii.recognizers.zh_latin_person import LatinNameInChineseRecognizer
from ingest.pii.recognizers.zh_person import ChineseNameRecognizer
from tests.pii_cases_intl import INTL_CASES
from tests.pii_cases_sea import SEA_CASES

MIN_SCORE = 0.4


def found(recognizer: EntityRecognizer, text: str) -> list[str]:
    results = recognizer.analyze(text, recognizer.supported_entities, None)
    return sorted(text[r.start : r.end] for r in results if r.score >= MIN_SCORE)


CASES: list[tuple[type[EntityRecognizer], str, list[str]]] = [
    # Taiwan national ID
    (TwNationalIdRecognizer, "身分證字號A123456789，", ["A123456789"]),
    (TwNationalIdRecognizer, "ID: F131104093 on file", ["F131104093"]),
    (TwNationalIdRecognizer, "身分證A123456788（錯一碼）", []),
    (TwNationalIdRecognizer, "A323456789 has an invalid sex digit", []),
    (TwNationalIdRecognizer, "XA123456789 is glued to other letters", []),
    (TwNationalIdRecognizer, "府社字第1130012345號", []),
    # Taiwan ARC / UI number
    (TwArcRecognizer, "居留證號A800000014到期", ["A800000014"]),
    (TwArcRecognizer, "居留證號碼AC01234567", ["AC01234567"]),
    (TwArcRecognizer, "居留證A800000015（檢查碼錯）", []),
    (TwArcRecognizer, "工作流失 © JD20260309_JobDisplacement", []),
    (TwArcRecognizer, "code AC01234567 with no cue at all", []),
    # Taiwan phones
    (TwPhoneRecognizer, "手機0912-345-678。", ["0912-345-678"]),
    (TwPhoneRecognizer, "call +886 912 345 678 now", ["+886 912 345 678"]),
    (TwPhoneRecognizer, "市話(02)2345-6789", ["(02)2345-6789"]),
    (TwPhoneRecognizer, "07-123-4567 高雄", ["07-123-4567"]),
    (TwPhoneRecognizer, "預算NT$12,000元，2024-03-12開會", []),
    (TwPhoneRecognizer, "文號1130012345", []),
    (TwPhoneRecognizer, "09123456789 has one digit too many", []),
    # Hong Kong ID
    (HkIdRecognizer, "香港身份證A123456(3)", ["A123456(3)"]),
    (HkIdRecognizer, "HKID AB987654(A)?", []),
    (HkIdRecognizer, "HKID A123456(4) wrong check", []),
    (HkIdRecognizer, "香港身份證A1234563", ["A1234563"]),
    # PRC resident ID
    (PrcIdRecognizer, "身份證11010519491231002X。", ["11010519491231002X"]),
    (PrcIdRecognizer, "身份證110105194912310021", []),
    (PrcIdRecognizer, "110105194913310028 has month 13", []),
    # E-mail
    (EmailRecognizer, "信箱wang.xm@example.org.tw，", ["wang.xm@example.org.tw"]),
    (EmailRecognizer, "mail John_Lee+ngo@gmail.com.", ["John_Lee+ngo@gmail.com"]),
    (EmailRecognizer, "user@localhost has no public suffix", []),
    (EmailRecognizer, "請寄到 @ 符號前後", []),
    # Credit cards
    (CreditCardRecognizer, "卡號4111 1111 1111 1111。", ["4111 1111 1111 1111"]),
    (CreditCardRecognizer, "card 5500-0000-0000-0004", ["5500-0000-0000-0004"]),
    (CreditCardRecognizer, "card 4111 1111 1111 1112 fails Luhn", []),
    (CreditCardRecognizer, "ISBN 978-986-5432-10-9", []),
    # IBAN
    (IbanRecognizer, "IBAN GB82 WEST 1234 5698 7654 32，", ["GB82 WEST 1234 5698 7654 32"]),
    (IbanRecognizer, "帳號DE89370400440532013000匯款", ["DE89370400440532013000"]),
    (IbanRecognizer, "IBAN GB82 WEST 1234 5698 7654 33", []),
    # IP addresses
    (IpAddressRecognizer, "IP位址192.168.10.20登入", ["192.168.10.20"]),
    (
        IpAddressRecognizer,
        "from 2001:db8:85a3::8a2e:370:7334 today",
        ["2001:db8:85a3::8a2e:370:7334"],
    ),
    (IpAddressRecognizer, "5.2.2.1 GiveDirectly (肯亞)", []),
    (IpAddressRecognizer, "version 1.2.3.4.5 of the app", []),
    (IpAddressRecognizer, "999.1.1.1 is out of range", []),
    # Dates of birth
    (DateOfBirthRecognizer, "出生日期：民國74年3月12日。", ["民國74年3月12日"]),
    (DateOfBirthRecognizer, "DOB 12 March 1985,", ["12 March 1985"]),
    (DateOfBirthRecognizer, "she was born on March 5, 1990.", ["March 5, 1990"]),
    (DateOfBirthRecognizer, "申請人1985/03/12出生", ["1985/03/12"]),
    (DateOfBirthRecognizer, "會議於2024年3月12日召開", []),
    (DateOfBirthRecognizer, "法規自2024年3月12日生效", []),
    (DateOfBirthRecognizer, "born in 1985 in Tainan", []),
    # Chinese addresses
    (
        ChineseAddressRecognizer,
        "住在台北市大安區和平東路二段100巷5弄3號4樓，",
        ["台北市大安區和平東路二段100巷5弄3號4樓"],
    ),
    (ChineseAddressRecognizer, "他住在中山路100號附近", ["中山路100號"]),
    (ChineseAddressRecognizer, "這條公車路線的思路與口號", []),
    (ChineseAddressRecognizer, "中山路附近的店家", []),
    (ChineseAddressRecognizer, "府社字第1130012345號", []),
    # English addresses
    (
        EnglishAddressRecognizer,
        "She lives at 12 Elm Street, Springfield.",
        ["12 Elm Street, Springfield"],
    ),
    (EnglishAddressRecognizer, "Flat 3, 45 King's Road is new", ["Flat 3, 45 King's Road"]),
    (
        EnglishAddressRecognizer,
        "No. 7, Ln. 3, Sec. 2, Heping E. Rd., Da-an Dist., Taipei City",
        ["No. 7, Ln. 3, Sec. 2, Heping E. Rd., Da-an Dist., Taipei City"],
    ),
    (EnglishAddressRecognizer, "In 2024 Street Food Festival ran for 3 days", []),
    (EnglishAddressRecognizer, "Article 30 of the Labour Standards Act", []),
    # Chinese names: a cue is required
    (ChineseNameRecognizer, "案主王小明今天來電", ["王小明"]),
    (ChineseNameRecognizer, "陳美玲社工表示", ["陳美玲"]),
    (ChineseNameRecognizer, "志工名單：林淑芬、張志強、李華。", ["張志強", "李華", "林淑芬"]),
    (ChineseNameRecognizer, "歐陽娜娜小姐", ["歐陽娜娜"]),
    (ChineseNameRecognizer, "黃國強\t0912-345-678", ["黃國強"]),
    (ChineseNameRecognizer, "台北市政府與國際勞工組織開會", []),
    (ChineseNameRecognizer, "林口站的社工來電", []),
    (ChineseNameRecognizer, "轉向高價值的工作", []),
    (ChineseNameRecognizer, "王先生來電", []),
    (ChineseNameRecognizer, "Client 王小明 called back", ["王小明"]),
    (ChineseNameRecognizer, "李美華 (volunteer) will come", ["李美華"]),
    (ChineseNameRecognizer, "We met in 台北 and 高雄 with 林業署 staff", []),
    # role, title and kinship words right before a name
    (ChineseNameRecognizer, "請洽個資保護專員何志豪（分機12）", ["何志豪"]),
    (ChineseNameRecognizer, "主席：總幹事鄭雅文 紀錄：", ["鄭雅文"]),
    (ChineseNameRecognizer, "長子吳承恩（7歲）、長女吳品妤（4歲）", ["吳品妤", "吳承恩"]),
    (ChineseNameRecognizer, "公公許文彬已過世，由配偶楊冠宇照顧", ["楊冠宇", "許文彬"]),
    (ChineseNameRecognizer, "理事長蘇建宏致詞", ["蘇建宏"]),
    # married names: husband's surname + own surname + given name
    (ChineseNameRecognizer, "婆婆陳黃秀蘭（78歲）", ["陳黃秀蘭"]),
    (ChineseNameRecognizer, "外婆李王月娥表示身體不適", ["李王月娥"]),
    (ChineseNameRecognizer, "案主陳林玲今天來電", ["陳林玲"]),
    # the last item of a list, after a note in brackets, or next to placeholders
    (
        ChineseNameRecognizer,
        "出席：王怡君、林志明、曾美華（志工督導）",
        ["曾美華", "林志明", "王怡君"],
    ),
    (ChineseNameRecognizer, "與會：周宗翰（財務）、葉佳穎（社工組）", ["周宗翰", "葉佳穎"]),
    (ChineseNameRecognizer, "出席：<PERSON_1>、<PERSON_2>、蕭麗華（志工）", ["蕭麗華"]),
    # role words followed by everyday words, not names
    (ChineseNameRecognizer, "個案紀錄請於三日內完成，主任張貼了班表", []),
    (ChineseNameRecognizer, "督導方式改為每月一次，社工服務時數，志工申請表", []),
    (ChineseNameRecognizer, "婆婆高齡九十，兒子高中畢業，母親曾經工作", []),
    (ChineseNameRecognizer, "總幹事紀錄會議，理事長致詞說明服務路線與口號", []),
    (ChineseNameRecognizer, "出席：<PERSON_1>、<PERSON_2>。第3案：", []),
    (ChineseNameRecognizer, "總幹事任期兩年，女兒林間散步，母親高雄人", []),
    (ChineseNameRecognizer, "社工關心怡表示同意", ["關心怡"]),
    # Latin-script names in Chinese text
    (LatinNameInChineseRecognizer, "印尼籍看護工 Sri Wahyuni，居留證", ["Sri Wahyuni"]),
    (LatinNameInChineseRecognizer, "配偶Nguyen Thi Hoa（越南籍）", ["Nguyen Thi Hoa"]),
    (LatinNameInChineseRecognizer, "菲律賓籍 Joy Dela Cruz 來電", ["Joy Dela Cruz"]),
    (LatinNameInChineseRecognizer, "越南籍學員改用 Google Classroom 上課", []),
    (LatinNameInChineseRecognizer, "志工 Microsoft Teams 帳號", []),
    (LatinNameInChineseRecognizer, "NTEN 執行長 Amy Sample Ward 分享", []),
    (LatinNameInChineseRecognizer, "看護 Siti binti Ahmad A800000014", ["Siti binti Ahmad"]),
    (LatinNameInChineseRecognizer, "看護工Indonesia Labour Office協助", []),
    (LatinNameInChineseRecognizer, "越南籍 Ho Chi Minh 市人，印尼籍 Bank Mandiri 帳戶", []),
    (LatinNameInChineseRecognizer, "The volunteer Grace Hughes called", []),
    # English names after titles or labels (the NER part is tested through the scrubber)
    (EnglishTitledPersonRecognizer, "We met Mrs. Okafor today", ["Okafor"]),
    (EnglishTitledPersonRecognizer, "Client: Mary Fernandes", ["Mary Fernandes"]),
    (EnglishTitledPersonRecognizer, "Dear Grace Hughes,", ["Grace Hughes"]),
    (EnglishTitledPersonRecognizer, "The client was referred by a clinic", []),
    *INTL_CASES,
    *SEA_CASES,
]


@pytest.mark.parametrize(
    ("recognizer_cls", "text", "expected"),
    CASES,
    ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)],
)
def test_recognizer_table(
    recognizer_cls: type[EntityRecognizer], text: str, expected: list[str]
) -> None:
    assert found(recognizer_cls(), text) == sorted(expected)


@pytest.mark.parametrize("recognizer_cls", sorted({c[0] for c in CASES}, key=lambda c: c.__name__))
def test_every_recognizer_has_both_kinds_of_case(recognizer_cls: type[EntityRecognizer]) -> None:
    kinds = {bool(expected) for cls, _, expected in CASES if cls is recognizer_cls}
    assert kinds == {True, False}
