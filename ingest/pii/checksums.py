"""Check-digit algorithms for the identity numbers our recognisers validate."""

from __future__ import annotations

import datetime

# Letter codes of the Taiwan national ID / resident certificate: A=10 ... Z=33 (not alphabetical).
_TW_LETTER_CODES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))
_TW_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1, 1)
_PRC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_PRC_CHECK = "10X98765432"


def _tw_sum(letter: str, digits: str) -> bool:
    code = _TW_LETTER_CODES.get(letter.upper())
    if code is None or len(digits) != 9 or not digits.isdigit():
        return False
    total = code // 10 + (code % 10) * 9
    total += sum(int(d) * w for d, w in zip(digits, _TW_WEIGHTS, strict=True))
    return total % 10 == 0


def tw_national_id_valid(value: str) -> bool:
    """A123456789: letter, 1 or 2 (sex), seven digits, check digit."""
    value = value.strip().upper()
    return len(value) == 10 and value[1] in "12" and _tw_sum(value[0], value[1:])


def tw_arc_valid(value: str) -> bool:
    """Resident certificate (ARC/UI): new format A8/A9 + 8 digits, old format AB + 8 digits."""
    value = value.strip().upper()
    if len(value) != 10:
        return False
    if value[1] in "89":
        return _tw_sum(value[0], value[1:])
    second = _TW_LETTER_CODES.get(value[1])
    if second is None or value[1] not in "ABCD":
        return False
    return _tw_sum(value[0], str(second % 10) + value[2:])


def tw_check_digit(letter: str, eight_digits: str) -> int:
    """The check digit completing `letter + eight_digits` (used to build test data)."""
    for d in range(10):
        if _tw_sum(letter, eight_digits + str(d)):
            return d
    raise ValueError("no check digit")


def hk_id_valid(value: str) -> bool:
    """A123456(7) or AB123456(A): mod-11 check, 'A' stands for 10."""
    value = value.strip().upper().replace("(", "").replace(")", "")
    letters, rest = value[:-7], value[-7:]
    if not (1 <= len(letters) <= 2 and letters.isalpha() and rest[:6].isdigit()):
        return False
    if rest[6] not in "0123456789A":
        return False
    codes = [ord(c) - 55 for c in letters]  # A=10 ... Z=35
    if len(codes) == 1:
        codes.insert(0, 36)  # a space stands in for the missing first letter
    total = codes[0] * 9 + codes[1] * 8
    total += sum(int(d) * w for d, w in zip(rest[:6], range(7, 1, -1), strict=True))
    check = 10 if rest[6] == "A" else int(rest[6])
    return (total + check) % 11 == 0


def prc_id_valid(value: str) -> bool:
    """18-character resident ID: region, birth date YYYYMMDD, sequence, ISO 7064 check."""
    value = value.strip().upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _PRC_WEIGHTS, strict=True))
    return _PRC_CHECK[total % 11] == value[17]


def prc_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _PRC_WEIGHTS, strict=True))
    return _PRC_CHECK[total % 11]


def luhn_valid(digits: str) -> bool:
    digits = "".join(c for c in digits if c.isdigit())
    if len(digits) < 12:
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(value: str) -> bool:
    """ISO 13616 mod-97 check."""
    value = "".join(value.split()).replace("-", "").upper()
    if len(value) < 15 or not value[:2].isalpha() or not value[2:4].isdigit():
        return False
    rearranged = value[4:] + value[:4]
    if not rearranged.isalnum():
        return False
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1
