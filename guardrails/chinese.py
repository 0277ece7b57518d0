"""Chinese script helpers: Traditional/Simplified conversion via opencc (detection: kb.language)."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

from kb.language import HAN_CHAR, han_count

_LATIN = re.compile(r"[A-Za-z]")
MOSTLY_SIMPLIFIED = 0.1  # Traditional text shows < 2% s2tw variant noise; Simplified ~ 30%
_TAIWAN_STANDARD = {"台"}  # s2t prefers 臺, Taiwan usage keeps 台


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    """Traditional Chinese for zh-TW readers; safe on text that is already Traditional.

    Mostly-Simplified text gets opencc s2twp (Taiwan phrasing: 软件 -> 軟體). In mostly
    Traditional text only Simplified characters change, because s2twp would also rewrite valid
    Taiwan wording (文件 -> 檔案, 台 -> 臺) and break quotes from the passages.
    """
    if simplified_share(text) >= MOSTLY_SIMPLIFIED:
        return _converter("s2twp").convert(text)
    converted = _converter("s2tw").convert(text)
    if len(converted) != len(text):
        converted = "".join(_converter("s2tw").convert(c) for c in text)
    return "".join(
        new if old != new and _is_simplified_form(old) else old
        for old, new in zip(text, converted, strict=True)
    )


def _is_simplified_form(char: str) -> bool:
    if char in _TAIWAN_STANDARD:
        return False
    return _converter("s2t").convert(char) != char and _converter("t2s").convert(char) == char


def fold_to_traditional(text: str) -> str:
    """Character-level Simplified -> Traditional (Taiwan variants), for pattern matching only."""
    return _converter("s2tw").convert(text)


def simplified_chars(text: str) -> list[str]:
    """Characters of `text` that opencc s2tw (phrase-aware) would change (i.e. Simplified forms).

    Whole-text conversion keeps ambiguous characters in valid Traditional words (皇后 stays).
    """
    converted = _converter("s2tw").convert(text)
    if len(converted) != len(text):  # s2t maps characters 1:1 in practice; be safe anyway
        return sorted({c for c in HAN_CHAR.findall(text) if _converter("s2tw").convert(c) != c})
    return sorted({a for a, b in zip(text, converted, strict=True) if a != b and HAN_CHAR.match(a)})


def simplified_share(text: str) -> float:
    """Share of CJK characters in Simplified form (Traditional text shows < 2% variant noise)."""
    cjk = han_count(text)
    if not cjk:
        return 0.0
    flagged = {c for c in simplified_chars(text) if _is_simplified_form(c)}
    return sum(1 for c in text if c in flagged) / cjk
