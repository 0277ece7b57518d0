"""Language detection, the one copy every layer uses: a text's language as a BCP-47 tag (Chinese
script, zh-TW/zh-CN, decided by characters), the Han character class, and the weight of Han
characters against Latin words by which a text is taken as mainly Chinese."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc
from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Han ideographs (unified, extension A, compatibility, extensions B-H): what every part of ngo-kb
# counts as a Chinese character.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_CHAR = re.compile(f"[{HAN}]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
# A Latin-script word (accented letters too) as language detection counts it.
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
# An ASCII word of two or more letters, as the answer's language check counts English.
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|\[\d+(?:,\s*\d+)*\]")
# Grammatical words: which language's grammar frames a mixed sentence. Chinese terms and names
# inside an English question ("Where is 萬華服務中心?") carry none of these characters.
_ZH_FUNCTION = re.compile(
    "[的是在嗎吗麼么哪了和與与我你他們们請请怎為为要會会可以能於于這这那就也都被把給给從从到對对讓让呢吧並并將将幾几做用跟如何甚什]"
)
_EN_FUNCTION = re.compile(
    r"\b(?:the|a|an|is|are|was|were|be|do|does|did|what|when|where|who|which|why|how|can"
    r"|could|should|would|will|to|of|in|on|at|for|by|with|from|and|or|i|you|we|my|your|our"
    r"|please|per|this|that|it|there)\b",
    re.IGNORECASE,
)
_MIN_CONFIDENCE = 0.5
_MIN_LETTERS = 3
_SAMPLE_CHARS = 4000
# Languages an NGO corpus in Taiwan/Hong Kong plausibly holds; a closed set makes short texts
# far more reliable than an open 97-language guess.
# Tagalog too: the migrant workers many Taiwanese NGOs serve read it first.
LANGUAGES = (
    "en",
    "zh",
    "ja",
    "ko",
    "fr",
    "de",
    "es",
    "pt",
    "it",
    "nl",
    "id",
    "vi",
    "th",
    "ms",
    "tl",
)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def han_count(text: str) -> int:
    """Number of Han characters in `text`."""
    return len(HAN_CHAR.findall(text))


def is_chinese(language: str) -> bool:
    """Whether a language tag (any case) names Chinese, either script."""
    return language.lower().startswith("zh")


def script_weights(
    text: str, *, han_weight: float = 1.0, latin_word: re.Pattern[str] = LATIN_WORD
) -> tuple[float, float]:
    """(Han, Latin) weight of `text`: its Han characters times `han_weight`, and its words as
    `latin_word` finds them. Callers that weigh a Han character as half a word pass 0.5."""
    return han_count(text) * han_weight, float(len(latin_word.findall(text)))


def mainly_chinese(
    text: str, *, han_weight: float = 1.0, latin_word: re.Pattern[str] = LATIN_WORD
) -> bool:
    """Whether Han characters (times `han_weight`) weigh at least as much as Latin words."""
    han, latin = script_weights(text, han_weight=han_weight, latin_word=latin_word)
    return han >= latin


def chinese_script(text: str) -> str:
    """'zh-CN' when Simplified-only characters outnumber Traditional-only ones, else 'zh-TW'.

    A character counts as Traditional-only if opencc t2s changes it, Simplified-only if s2t does;
    text using only shared characters is taken as Traditional, the project's default script.
    """
    han = "".join(HAN_CHAR.findall(text))
    to_simplified = _converter("t2s").convert(han)
    to_traditional = _converter("s2t").convert(han)
    traditional = sum(1 for a, b in zip(han, to_simplified, strict=False) if a != b)
    simplified = sum(1 for a, b in zip(han, to_traditional, strict=False) if a != b)
    return "zh-CN" if simplified > traditional else "zh-TW"


def _chinese_frame(text: str, han: float, latin_words: float) -> bool:
    """Whether Chinese, not English, is the language of a text holding Han characters."""
    if not latin_words:
        return True
    zh_grammar = bool(_ZH_FUNCTION.search(text))
    en_grammar = bool(_EN_FUNCTION.search(text))
    if zh_grammar != en_grammar:
        return zh_grammar
    return han >= latin_words


def script_language(text: str) -> str | None:
    """The language when the writing system alone decides it, else None.

    Kana means Japanese, Hangul Korean. A text with Han characters is Chinese unless English
    grammar frames it: English function words and no Chinese ones ("Where is 萬華服務中心?"),
    or, when both or neither appear, more Latin words than Han characters. zh-TW/zh-CN is
    decided by characters. 'und' when there are too few letters to tell.
    """
    han, latin_words = script_weights(text)
    kana = len(_KANA.findall(text))
    hangul = len(_HANGUL.findall(text))
    if kana and kana * 5 >= han:
        return "ja"
    if hangul and hangul >= han and hangul >= latin_words:
        return "ko"
    if han and _chinese_frame(text, han, latin_words):
        return chinese_script(text)
    if sum(1 for c in text if c.isalpha()) < _MIN_LETTERS:
        return "und"
    return None


def detect_language(text: str) -> str:
    """BCP-47 tag of `text`: 'zh-TW', 'zh-CN', 'en', another ISO 639-1 code, or 'und' if unsure.

    The script decides Chinese (and its variant), Japanese and Korean; other text goes to
    py3langid restricted to `LANGUAGES` (see docs/language-detection.md for the comparison).
    """
    sample = _NOISE.sub(" ", text[:_SAMPLE_CHARS])
    decided = script_language(sample)
    if decided is not None:
        return decided
    language, confidence = _identifier().classify(HAN_CHAR.sub(" ", sample))
    if confidence < _MIN_CONFIDENCE:
        return "und"
    return str(language)


def reply_language(text: str) -> str | None:
    """The language to reply in to `text`: its detected tag, zh-TW for Chinese of no known
    script, English for letters the detector cannot place (a repeated phrase), None when it has
    too few letters to tell."""
    found = detect_language(text)
    if found == "und":
        return None if script_language(text) == "und" else "en"
    if not found:
        return None
    if is_chinese(found) and found != "zh-CN":
        return "zh-TW"
    return found


__all__ = [
    "ASCII_WORD",
    "HAN",
    "HAN_CHAR",
    "LANGUAGES",
    "LATIN_WORD",
    "chinese_script",
    "detect_language",
    "han_count",
    "is_chinese",
    "mainly_chinese",
    "reply_language",
    "script_language",
    "script_weights",
]
