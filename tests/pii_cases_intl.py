"""The recogniser table rows for formats beyond Taiwan's: phones of ten regions, US SSN, UK
NINO, passports and bank accounts after a cue, English (US, UK, PH) and Chinese addresses.
tests/test_pii_recognizers.py runs them with its own rows. Values are fictitious but valid in
format; negatives are the numbers reports hold."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from ingest.pii.recognizers.bank_account import BankAccountRecognizer
from ingest.pii.recognizers.en_address import EnglishAddressRecognizer
from ingest.pii.recognizers.passport import PassportRecognizer
from ingest.pii.recognizers.phone import PhoneRecognizer
from ingest.pii.recognizers.uk_nino import UkNinoRecognizer
from ingest.pii.recognizers.us_ssn import UsSsnRecognizer
from ingest.pii.recognizers.zh_address import ChineseAddressRecognizer

INTL_CASES: list[tuple[type[EntityRecognizer], str, list[str]]] = [
    # Phones: national and international formats, extensions
    (PhoneRecognizer, "call 461-893-9474 today", ["461-893-9474"]),
    (PhoneRecognizer, "Tel: (0151) 496 0749.", ["(0151) 496 0749"]),
    (PhoneRecognizer, "mobile +44 115 4960816", ["+44 115 4960816"]),
    (PhoneRecognizer, "+44(0)115 4960816 (office)", ["+44(0)115 4960816"]),
    (PhoneRecognizer, "London office 020 7946 0958", ["020 7946 0958"]),
    (PhoneRecognizer, "香港電話+852 2345 6789。", ["+852 2345 6789"]),
    (PhoneRecognizer, "越南家人 +84 912 345 678", ["+84 912 345 678"]),
    (PhoneRecognizer, "ext: 461-893-9474 x1234,", ["461-893-9474 x1234"]),
    (PhoneRecognizer, "001-461-893-9474x1234", ["001-461-893-9474x1234"]),
    (PhoneRecognizer, "Bangkok office +66 2 123 4567 ext. 89", ["+66 2 123 4567 ext. 89"]),
    (PhoneRecognizer, "call +1 415 555 0132 ext. 12 after 5", ["+1 415 555 0132 ext. 12"]),
    (PhoneRecognizer, "version 2.3.1 ext. 5", []),
    (PhoneRecognizer, "Globe +63 917 123 4567", ["+63 917 123 4567"]),
    (PhoneRecognizer, "WhatsApp +62 812-3456-7890", ["+62 812-3456-7890"]),
    (PhoneRecognizer, "เบอร์ +66 81 234 5678", ["+66 81 234 5678"]),
    (PhoneRecognizer, "馬來西亞 +60 12-345 6789", ["+60 12-345 6789"]),
    (PhoneRecognizer, "大陸手機13812345678", ["13812345678"]),
    (PhoneRecognizer, "手機 886912345678", ["886912345678"]),
    (PhoneRecognizer, "2019-2024年的資料", []),
    (PhoneRecognizer, "會議 2024-04-08 舉行", []),
    (PhoneRecognizer, "ISBN 978-986-5432-10-9", []),
    (PhoneRecognizer, "doi 10.1016/j.xyz.2023.01.002", []),
    (PhoneRecognizer, "arXiv manuscript/202510.0671", []),
    (PhoneRecognizer, "pp. 100-101, 頁34-35", []),
    (PhoneRecognizer, "統編12345678，預算 12,000,000 元，成長 30.5%", []),
    (PhoneRecognizer, "ISO 27001 與勞基法第 30-1 條", []),
    (PhoneRecognizer, "Version 25.59.20 of the app", []),
    (PhoneRecognizer, "文號1702372651號，Ref. 6042357359", []),
    (PhoneRecognizer, "Emergency contact: 4686707097", ["4686707097"]),
    (PhoneRecognizer, "report-2024_83325127-en.html", []),
    # US social security numbers
    (UsSsnRecognizer, "SSN 078-05-1120 on file", ["078-05-1120"]),
    (UsSsnRecognizer, "social security number: 219 09 9999", ["219 09 9999"]),
    (UsSsnRecognizer, "000-12-3456 and 666-12-3456 are never issued", []),
    (UsSsnRecognizer, "978-986-5432-10-9 is an ISBN", []),
    (UsSsnRecognizer, "order 123456789 shipped", []),
    # UK National Insurance numbers
    (UkNinoRecognizer, "NI number JG 10 37 59 A.", ["JG 10 37 59 A"]),
    (UkNinoRecognizer, "NINO AB123456D", ["AB123456D"]),
    (UkNinoRecognizer, "GB123456A has a prefix HMRC never uses", []),
    (UkNinoRecognizer, "DQ123456C starts with D", []),
    # Passports: only after a cue
    (PassportRecognizer, "Passport no. 123456789 expires", ["123456789"]),
    (PassportRecognizer, "護照號碼：C12345678，", ["C12345678"]),
    (PassportRecognizer, "passport number is B1234567.", ["B1234567"]),
    (PassportRecognizer, "護照(越南) 號碼 N1234567", ["N1234567"]),
    (PassportRecognizer, "文號 123456789 已收文", []),
    (PassportRecognizer, "passport CHECKLIST for travel", []),
    # Bank accounts: after a cue, or 4-4-4-4 groups
    (BankAccountRecognizer, "帳號 012-345-678901，", ["012-345-678901"]),
    (BankAccountRecognizer, "銀行帳戶：0123 4567 8901", ["0123 4567 8901"]),
    (BankAccountRecognizer, "a/c no. 12345678", ["12345678"]),
    (BankAccountRecognizer, "account number 31926819 at HSBC", ["31926819"]),
    (BankAccountRecognizer, "匯入 1234-5678-9012-3456 即可", ["1234-5678-9012-3456"]),
    (BankAccountRecognizer, "志工 Microsoft Teams 帳號", []),
    (BankAccountRecognizer, "account for 2024 and 2025", []),
    (BankAccountRecognizer, "1234-5678 9012-3456 mixes separators", []),
    (BankAccountRecognizer, "卡號 4111 1111 1111 1111 is a card", []),
    (BankAccountRecognizer, "2019 2020 2021 2022 年度比較", []),
    # English addresses: US with state and ZIP, UK with postcode, PH, US military
    (
        EnglishAddressRecognizer,
        "lives at 083 Crosby Plaza Apt. 533\nFarleytown, MT 73436.",
        ["083 Crosby Plaza Apt. 533\nFarleytown, MT 73436"],
    ),
    (
        EnglishAddressRecognizer,
        "17 Jones Light\nNorth Holly\nS6 7LJ",
        ["17 Jones Light\nNorth Holly\nS6 7LJ"],
    ),
    (
        EnglishAddressRecognizer,
        "Flat 0\nFrancesca Plains\nSouth Joyceborough\nSR08 7UX",
        ["Flat 0\nFrancesca Plains\nSouth Joyceborough\nSR08 7UX"],
    ),
    (
        EnglishAddressRecognizer,
        "Unit 5131 Box 3735\nDPO AE 63763",
        ["Unit 5131 Box 3735\nDPO AE 63763"],
    ),
    (
        EnglishAddressRecognizer,
        "at 586 Sampaguita Boulevard, Juno Subdivision, Quezon, 3373 Romblon.",
        ["586 Sampaguita Boulevard, Juno Subdivision, Quezon, 3373 Romblon"],
    ),
    # A compass point after the street type is part of the street.
    (
        EnglishAddressRecognizer,
        "moved to 1600 Pennsylvania Avenue NW, Washington, DC 20500.",
        ["1600 Pennsylvania Avenue NW, Washington, DC 20500"],
    ),
    (
        EnglishAddressRecognizer,
        "742 Evergreen Terrace SW\nSpringfield, OR 97477",
        ["742 Evergreen Terrace SW\nSpringfield, OR 97477"],
    ),
    (
        EnglishAddressRecognizer,
        "lives at 12 Victoria Road North, Leeds LS1 4AB",
        ["12 Victoria Road North, Leeds LS1 4AB"],
    ),
    (EnglishAddressRecognizer, "postcode SW1A 1AA", ["SW1A 1AA"]),
    (EnglishAddressRecognizer, "10 Key Points for 2024", []),
    (EnglishAddressRecognizer, "the 3 Lakes region and page 12 Oak Park", []),
    (EnglishAddressRecognizer, "ISO 27001 and COVID 19 in 2020", []),
    # Chinese addresses: spaced numbers, postcode, no district
    (
        ChineseAddressRecognizer,
        "住址：新北市板橋區文化路三段 241 巷 7 號",
        ["新北市板橋區文化路三段 241 巷 7 號"],
    ),
    (
        ChineseAddressRecognizer,
        "寄到100臺北市中正區重慶南路一段122號。",
        ["100臺北市中正區重慶南路一段122號"],
    ),
    (
        ChineseAddressRecognizer,
        "住台中市西屯路二段 88 號 5 樓之 2，",
        ["台中市西屯路二段 88 號 5 樓之 2"],
    ),
    (ChineseAddressRecognizer, "42122 台北雙連巷14號6樓", ["42122 台北雙連巷14號6樓"]),
    (ChineseAddressRecognizer, "請於民國113年3月12日前至本會3樓辦理", []),
    (ChineseAddressRecognizer, "本法第 12 條第 3 項，主計處113年度第3號報告", []),
]
