"""Chinese script helpers: Traditional/Simplified conversion and language detection via opencc."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    """Convert to Traditional Chinese with Taiwan phrasing (opencc s2twp); idempotent on zh-TW."""
    return _converter("s2twp").convert(text)


def fold_to_traditional(text: str) -> str:
    """Character-level Simplified -> Traditional (Taiwan variants), for pattern matching only."""
    return _converter("s2tw").convert(text)


def simplified_chars(text: str) -> list[str]:
    """Characters of `text` that opencc s2tw (phrase-aware) would change (i.e. Simplified forms).

    Whole-text conversion keeps ambiguous characters in valid Traditional words (皇后 stays).
    """
    converted = _converter("s2tw").convert(text)
    if len(converted) != len(text):  # s2t maps characters 1:1 in practice; be safe anyway
        return sorted({c for c in _CJK.findall(text) if _converter("s2tw").convert(c) != c})
    return sorted({a for a, b in zip(text, converted, strict=True) if a != b and _CJK.match(a)})


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def detect_language(text: str) -> str:
    """'zh-TW' when CJK characters dominate the letters of `text`, else 'en'."""
    cjk = cjk_count(text)
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    # a CJK character carries about as much as a short English word
    return "zh-TW" if cjk and cjk >= latin_words else "en"


def is_chinese(language: str) -> bool:
    return language.lower().startswith("zh")


def simplified_share(text: str) -> float:
    """Share of CJK characters in Simplified form (Traditional text shows < 2% variant noise)."""
    cjk = cjk_count(text)
    if not cjk:
        return 0.0
    flagged = set(simplified_chars(text))
    return sum(1 for c in text if c in flagged) / cjk
