"""Per-sentence groundedness: citations, facts (numbers, dates, names) and lexical support.

A sentence is supported when it cites at least one valid passage, every number and named entity
in it occurs in a passage it cites (names may also come from the question), and enough of its
content (CJK character bigrams, English content words) occurs there too — or, when a similarity
function is given (kb's embedder), the cited passage is semantically close enough.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer
from pydantic import BaseModel

from guardrails.passages import without_reference_entries
from guardrails.quantities import (
    MISPLACED_NUMBER,
    contradicts_direction,
    normalise,
    number_placement,
    quantities,
    units_disagree,
    with_digits,
)
from guardrails.sentences import citations, replace_spans, sentence_spans, strip_citations
from kb.language import HAN, detect_language, mainly_chinese
from kb.schema import Passage

Similarity = Callable[[str, str], float]

LEXICAL_THRESHOLD = 0.5
LEXICAL_FLOOR = 0.25
SIMILARITY_THRESHOLD = 0.8

_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)、]|[-*•·])\s+")
_QUOTED = re.compile(r"[「『《“\"]([^」』》”\"]{2,40})[」』》”\"]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'&\-]*")
_CJK_RUN = re.compile(rf"[{HAN}]+")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_QUESTION_END = re.compile(r"[?？]\s*$")
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


class SentenceAssessment(BaseModel):
    sentence: str
    start: int
    end: int
    cited: list[int]
    supported: bool
    reason: str = ""
    support: float = 0.0


def _entities(sentence: str) -> set[str]:
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


def _cross_lingual(sentence: str, passage_text: str) -> bool:
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


def _without_passage_references(body: str, cited: list[int]) -> str:
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


def assess_sentence(
    sentence: str,
    passages: list[Passage],
    question: str = "",
    similarity: Similarity | None = None,
) -> tuple[bool, str, float, list[int]]:
    """(supported, reason, support score, valid cited numbers) for one sentence."""
    cited = [n for n in dict.fromkeys(citations(sentence)) if 1 <= n <= len(passages)]
    if not cited:
        return False, "no valid citation", 0.0, cited
    texts = {n: without_reference_entries(passages[n - 1].chunk.text) for n in cited}
    source_raw = "\n".join(texts.values())
    source = normalise(source_raw)
    body = _without_passage_references(_LIST_MARKER.sub("", strip_citations(sentence)), cited)
    if not re.search(r"\w", body):
        return False, "no content", 0.0, cited  # "[1] [2]" alone says nothing
    if not source_raw.strip():
        return False, "cites only a reference list", 0.0, cited
    if question and _QUESTION_END.search(body) and lexical_support(body, question) >= 0.5:
        # The small model sometimes hands the question back ("NTC 2024 為何改在紐約舉辦？[1]"),
        # premise and all: it shares the passage's wording, yet states nothing. (Questions a
        # passage lists, "Which data is used? [2]", are other questions.)
        return False, "the question repeated", 0.0, cited
    body_norm, source_numbers = with_digits(normalise(body)), with_digits(source)
    missing_numbers = quantities(body_norm) - quantities(source_numbers)
    if missing_numbers:
        return False, "number not in cited passage", 0.0, cited
    if units_disagree(body_norm, source_numbers):
        return False, "number's unit not as in cited passage", 0.0, cited
    if contradicts_direction(body_norm, source):
        return False, "direction contradicts cited passage", 0.0, cited
    cross_lingual = _cross_lingual(body, source_raw)
    if not cross_lingual and number_placement(body, source_raw, lexical_support) == "misplaced":
        # in one language the sentence shares the words of the clause its number belongs to
        return False, MISPLACED_NUMBER, 0.0, cited
    question_norm = normalise(question)
    for entity in _entities(body):
        spellings = {normalise(entity)}
        if _PLURAL_ACRONYM.fullmatch(entity):  # "NGOs" is named where the passage says "NGO"
            spellings.add(normalise(entity[:-1]))
        if not any(n in source or n in question_norm for n in spellings):
            return False, "name not in cited passage", 0.0, cited
    support = lexical_support(body, source_raw)
    if support >= LEXICAL_THRESHOLD:
        return True, "", support, cited
    if similarity is None:
        reason = "cross-lingual, no similarity model" if cross_lingual else "content not cited"
        return False, reason, support, cited
    # Paraphrase in the same language must still share some wording: embeddings alone
    # cannot tell an on-topic contradiction from a supported claim.
    if not cross_lingual and support < LEXICAL_FLOOR:
        return False, "content not cited", support, cited
    threshold = getattr(similarity, "threshold", SIMILARITY_THRESHOLD)
    if cross_lingual:
        placement = number_placement(body, source_raw, similarity)
        if placement == "misplaced":
            return False, MISPLACED_NUMBER, support, cited
        if placement == "bound":
            # the number, its unit and its place in the passage all agree: the meaning check
            # only has to confirm the topic (translations of such sentences scored 0.81-0.88)
            threshold = getattr(similarity, "bound_number_threshold", threshold)
    best = max(similarity(body, texts[n]) for n in cited if texts[n].strip())
    if best >= threshold:
        return True, "semantic", best, cited
    return False, "content not cited", support, cited


def assess_answer(
    text: str,
    passages: list[Passage],
    question: str = "",
    similarity: Similarity | None = None,
) -> list[SentenceAssessment]:
    """Assess every sentence of `text` against the passages it cites."""
    results = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        supported, reason, support, cited = assess_sentence(
            sentence, passages, question, similarity
        )
        results.append(SentenceAssessment(sentence=sentence, start=start, end=end, cited=cited,
                                          supported=supported, reason=reason, support=support))
    return results


def unsupported_sentences(
    text: str,
    passages: list[Passage],
    question: str = "",
    similarity: Similarity | None = None,
) -> list[str]:
    """The sentences of `text` that the passages they cite do not support (eval's metric)."""
    return [a.sentence for a in assess_answer(text, passages, question, similarity)
            if not a.supported]


def remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the given (start, end) spans, whitespace tidied."""
    kept, cursor = [], 0
    for start, end in sorted(spans):
        kept.append(text[cursor:start])
        cursor = end
    kept.append(text[cursor:])
    result = "".join(kept)
    result = re.sub(r"[ \t]{2,}", " ", result)
    return re.sub(r"\n{3,}", "\n\n", result).strip()


def attribute_citations(
    text: str, passages: list[Passage], question: str = "", similarity: Similarity | None = None
) -> tuple[str, int]:
    """Cite each sentence that has no citation, or whose citation does not support it, to the
    passage that supports it best by the checks above (facts present, wording shared, or close
    in meaning by `similarity`, which answers in the other language need): small models often
    drop the [n] or miscount the passages. Returns the text and how many sentences were
    (re)cited; a sentence no passage supports is left as it is, for the groundedness guard to
    remove."""
    edits: list[tuple[int, int, str]] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        cited = citations(sentence)
        body = strip_citations(sentence).rstrip()
        # "根據第3條，…[3]" names its passage by a number that renumbering makes wrong (and it is
        # often the wrong passage): the words go, and the sentence is cited afresh.
        unnamed = _without_passage_references(body, cited).strip()
        if unnamed != body.strip():
            body = unnamed
        elif cited and assess_sentence(sentence, passages, question, similarity)[0]:
            continue
        best, best_support = 0, 0.0
        for n in range(1, len(passages) + 1):
            supported, _, support, _ = assess_sentence(
                f"{body} [{n}]", passages, question, similarity
            )
            if supported and support > best_support:
                best, best_support = n, support
        if best:
            edits.append((start, end, f"{body} [{best}]"))
    return replace_spans(text, edits), len(edits)
