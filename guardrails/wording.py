"""What a sentence says, as the groundedness checks read it: its names, its CJK bigrams and
English content words, how much of them a passage shares, and whether the two are in one
language."""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer

from guardrails.quantities import normalise
from guardrails.sentences import strip_citations
from kb.language import HAN, detect_language, mainly_chinese

_QUOTED = re.compile(r"[「『《“\"]([^」』》”\"]{2,40})[」』》”\"]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'&\-]*")
_CJK_RUN = re.compile(rf"[{HAN}]+")
_CAPITALISED_COMMON = {
    "the", "a", "an", "this", "these", "that", "those", "it", "its", "in", "on", "at", "for",
    "to", "of", "and", "or", "but", "however", "according", "as", "by", "with", "from", "yes",
    "no", "not", "there", "they", "their", "he", "she", "we", "you", "i", "if", "when", "while",
    "both", "each", "all", "some", "most", "also", "then", "thus", "so", "first", "second",
    "third", "finally", "overall", "based", "answer", "source", "sources", "note",
}
_STOPWORDS = _CAPITALISED_COMMON | {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "which", "who", "what",
    "how", "why", "where", "about", "into", "than", "more", "less", "such", "other", "only",
    "any", "per", "via", "up", "out", "over", "under", "between", "through", "document",
    "documents", "passage", "passages", "report", "says", "said", "states", "mentions",
    "mentioned", "according", "includes", "include", "including",
}


def entities(sentence: str) -> set[str]:
    """Latin proper nouns and CJK names/titles in quotes, as they appear in the sentence."""
    found = {m.group(1).strip() for m in _QUOTED.finditer(sentence)}
    words = list(_LATIN_WORD.finditer(sentence))
    english = not mainly_chinese(sentence, han_weight=0.5, latin_word=_LATIN_WORD)
    for i, word in enumerate(words):
        token = word.group(0)
        lower = token.lower()
        if lower in _CAPITALISED_COMMON or not any(c.isupper() for c in token):
            continue
        if sentence[word.end() : word.end() + 1] == "$":
            continue  # "NT$5", "US$": a currency, which the passage may write 新臺幣5元
        # An English sentence capitalises its first word; a Chinese one names something.
        sentence_initial = i == 0 and not sentence[: word.start()].strip() and english
        if token[0].isupper() and token[1:].islower() and sentence_initial:
            continue
        found.add(token)
    return found


def _bigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for run in _CJK_RUN.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
        if len(run) == 1:
            grams.add(run)
    return grams


_STEMMER = SnowballStemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Snowball stem: "aged" and "age", "volunteers" and "volunteer" compare equal."""
    return _STEMMER.stem(word)


def _content_words(text: str) -> set[str]:
    return {
        _stem(w.lower()) for w in _LATIN_WORD.findall(text)
        if len(w) > 2 and w.lower() not in _STOPWORDS
    }


def lexical_support(sentence: str, passage_text: str) -> float:
    """Share of the sentence's CJK bigrams and English content words found in the passage."""
    sent, source = normalise(strip_citations(sentence)), normalise(passage_text)
    grams, words = _bigrams(sent), _content_words(sent)
    total = len(grams) + len(words)
    if not total:
        return 1.0  # nothing to check beyond numbers and names
    source_words = _content_words(source)
    hits = sum(1 for g in grams if g in source) + sum(1 for w in words if w in source_words)
    return hits / total


def cross_lingual(sentence: str, passage_text: str) -> bool:
    """The sentence is in another language than its passage: English citing a mainly Chinese
    passage (or the reverse), or a sentence in a third language (Vietnamese, Indonesian, ...)
    citing an English or Chinese one, which shares the passage's meaning but not its words."""
    said_chinese = mainly_chinese(sentence, latin_word=_LATIN_WORD)
    if said_chinese != mainly_chinese(passage_text, latin_word=_LATIN_WORD):
        return True
    if said_chinese:
        return False  # both mainly Chinese
    said, source = detect_language(sentence), detect_language(passage_text)
    return "und" not in (said, source) and said != source


def without_passage_references(body: str, cited: list[int]) -> str:
    """The sentence without words naming a passage it cites ("根據第3條，", "According to
    passage 3,"): the small model writes them, and their number is not a claim to look up."""
    if not cited:
        return body
    numbers = "|".join(str(n) for n in cited)
    pattern = (
        rf"(?:根據|依據|依照|按照|如)?\s*第\s*(?:{numbers})\s*(?:個段落|段落|段|條|篇|則|份文件)"
        rf"(?:所述|的內容|中|內容)?\s*[，,：:]?"
        rf"|\b(?:according to |as (?:stated|noted|shown) in |see |in )?(?:the )?passage\s*"
        rf"\[?(?:{numbers})\]?\s*[,:]?\s*"
    )
    return re.sub(pattern, "", body, flags=re.IGNORECASE)
