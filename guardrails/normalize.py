"""Text normalisation shared by the detectors: invisible characters out, one canonical form in."""

from __future__ import annotations

import re
import unicodedata

from guardrails.chinese import fold_to_traditional
from kb.language import HAN

_TAG_START, _TAG_END = 0xE0000, 0xE007F
# Characters that render as nothing (or reorder text) but can carry or hide instructions.
_INVISIBLE_EXTRA = {
    0x00AD,  # soft hyphen
    0x034F,  # combining grapheme joiner
    0x115F, 0x1160, 0x3164, 0xFFA0,  # Hangul fillers
    0x180E,  # Mongolian vowel separator
}
_KEEP_CONTROLS = {"\n", "\t", "\r"}
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a",
                       "$": "s", "|": "i", "!": "i"})
_WS = re.compile(r"\s+")
_CJK_GAP = re.compile(rf"(?<=[{HAN}])\s+(?=[{HAN}])")
_NON_WORD = re.compile(r"[\W_]+")


def is_invisible(char: str) -> bool:
    """Zero-width, bidi control, tag, variation selector or other format/control character."""
    cp = ord(char)
    if char in _KEEP_CONTROLS:
        return False
    if _TAG_START <= cp <= _TAG_END or cp in _INVISIBLE_EXTRA:
        return True
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return True
    return unicodedata.category(char) in ("Cf", "Cc")


def strip_invisible(text: str) -> tuple[str, int]:
    """`text` without invisible characters, and how many were removed."""
    kept = [c for c in text if not is_invisible(c)]
    return "".join(kept), len(text) - len(kept)


def decode_tag_characters(text: str) -> str:
    """The ASCII hidden in Unicode tag characters (U+E0020-E007E map to printable ASCII)."""
    return "".join(chr(ord(c) - _TAG_START) for c in text if 0xE0020 <= ord(c) <= 0xE007E)


def canonical(text: str) -> str:
    """NFKC, invisible characters removed, casefolded, Simplified folded to Traditional,
    whitespace collapsed and spaces between CJK characters dropped."""
    text, _ = strip_invisible(unicodedata.normalize("NFKC", text))
    text = fold_to_traditional(text.casefold())
    text = _WS.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def matching_views(text: str) -> dict[str, str]:
    """Canonical text plus leetspeak-folded and punctuation/space-squashed variants of it."""
    base = canonical(text)
    leet = base.translate(_LEET)
    return {"base": base, "leet": leet, "squashed": _NON_WORD.sub("", leet)}
