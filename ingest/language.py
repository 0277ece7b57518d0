"""Detect a text's language as a BCP-47 tag; Chinese script (zh-TW/zh-CN) decided by characters."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc
from py3langid.langid import MODEL_FILE, LanguageIdentifier

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|\[\d+(?:,\s*\d+)*\]")
_MIN_CONFIDENCE = 0.5
_MIN_LETTERS = 3
_SAMPLE_CHARS = 4000
# Languages an NGO corpus in Taiwan/Hong Kong plausibly holds; a closed set makes short texts
# far more reliable than an open 97-language guess.
LANGUAGES = ("en", "zh", "ja", "ko", "fr", "de", "es", "pt", "it", "nl", "id", "vi", "th", "ms")


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def chinese_script(text: str) -> str:
    """'zh-CN' when Simplified-only characters outnumber Traditional-only ones, else 'zh-TW'.

    A character counts as Traditional-only if opencc t2s changes it, Simplified-only if s2t does;
    text using only shared characters is taken as Traditional, the project's default script.
    """
    han = "".join(_HAN.findall(text))
    to_simplified = _converter("t2s").convert(han)
    to_traditional = _converter("s2t").convert(han)
    traditional = sum(1 for a, b in zip(han, to_simplified, strict=False) if a != b)
    simplified = sum(1 for a, b in zip(han, to_traditional, strict=False) if a != b)
    return "zh-CN" if simplified > traditional else "zh-TW"


def detect_language(text: str) -> str:
    """BCP-47 tag of `text`: 'zh-TW', 'zh-CN', 'en', another ISO 639-1 code, or 'und' if unsure.

    Chinese is decided by counting Han characters against Latin words (a mixed zh/en sentence
    is Chinese when Han characters are at least as many as English words); other languages by
    py3langid restricted to `LANGUAGES`.
    """
    sample = _NOISE.sub(" ", text[:_SAMPLE_CHARS])
    han = len(_HAN.findall(sample))
    kana = len(_KANA.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    latin_words = len(_LATIN_WORD.findall(sample))
    if kana and kana * 5 >= han:
        return "ja"
    if hangul and hangul >= han and hangul >= latin_words:
        return "ko"
    if han and han >= latin_words:
        return chinese_script(sample)
    letters = sum(1 for c in sample if c.isalpha())
    if letters < _MIN_LETTERS:
        return "und"
    language, confidence = _identifier().classify(_HAN.sub(" ", sample))
    if confidence < _MIN_CONFIDENCE:
        return "und"
    return str(language)


__all__ = ["LANGUAGES", "chinese_script", "detect_language"]
